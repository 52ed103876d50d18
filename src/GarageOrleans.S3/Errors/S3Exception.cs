namespace GarageOrleans.S3.Errors;

/// <summary>
/// Thrown by handlers and by the pipeline to answer an S3 error; the error middleware renders it as the XML
/// <c>&lt;Error&gt;</c> body once. Anything else that escapes a handler becomes 500 InternalError.
/// </summary>
public sealed class S3Exception : Exception
{
    public S3Exception(S3ErrorCode code, string? message = null, string? resource = null)
        : base(message ?? code.ToString())
    {
        Code = code;
        CustomMessage = message;
        Resource = resource;
    }

    public S3Exception()
        : this(S3ErrorCode.InternalError)
    {
    }

    public S3Exception(string message)
        : this(S3ErrorCode.InternalError, message)
    {
    }

    public S3Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = S3ErrorCode.InternalError;
    }

    public S3ErrorCode Code { get; }

    /// <summary>Message for the XML body; null means the catalogue's default message.</summary>
    public string? CustomMessage { get; }

    public string? Resource { get; }

    /// <summary>Extra response headers (e.g. Content-Range for InvalidRange, Allow for MethodNotAllowed).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extra elements of the XML body (e.g. BucketName, Key, UploadId, ArgumentName).</summary>
    public Dictionary<string, string> Details { get; } = new(StringComparer.Ordinal);
}
