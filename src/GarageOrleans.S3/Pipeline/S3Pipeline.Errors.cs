using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Pipeline;

/// <summary>The exception boundary: classify, log by severity, answer once.</summary>
internal sealed partial class S3Pipeline
{
    private async Task HandleErrorAsync(HttpContext http, Exception exception, string requestId, string resource)
    {
        if (http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            LogClientAborted(logger, exception.GetType().Name);
            return;
        }

        var error = Classify(exception);
        var info = S3ErrorCatalog.Get(error.Code);
        LogFailure(error, info.StatusCode, exception, requestId);

        if (http.Response.HasStarted)
        {
            // The handler already sent a status line: the only honest signal left is to cut the connection.
            LogResponseAlreadyStarted(logger, info.Code);
            http.Abort();
            return;
        }

        try
        {
            http.Response.Clear();
            http.Response.Headers["x-amz-request-id"] = requestId;
            http.Response.Headers["x-amz-id-2"] = requestId;
            await S3ErrorWriter.WriteAsync(http, error, requestId, resource);
            if (http.Response.StatusCode == StatusCodes.Status500InternalServerError && info.StatusCode != StatusCodes.Status500InternalServerError)
            {
                // The error could not be rendered and the writer fell back to a bare InternalError: a bug like any other.
                internalErrors.Add();
                LogInternalError(logger, requestId, exception);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            LogClientAborted(logger, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Only deliberate mappings become specific codes (STYLE: "Errors at the S3 boundary"); anything else is
    /// InternalError, with no detail beyond the request id.
    /// </summary>
    internal static S3Exception Classify(Exception exception) => exception switch
    {
        S3Exception s3 => s3,
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new S3Exception(S3ErrorCode.RequestTimeout),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new S3Exception(S3ErrorCode.EntityTooLarge),
        BadHttpRequestException => new S3Exception(S3ErrorCode.IncompleteBody),
        InsufficientStorageException => new S3Exception(S3ErrorCode.InsufficientStorage),
        UploadAbortedException => new S3Exception(S3ErrorCode.RequestTimeout),
        BlockUnavailableException => new S3Exception(S3ErrorCode.ServiceUnavailable, "Some data of this object is unavailable right now. Please retry."),
        NoLayoutException => new S3Exception(S3ErrorCode.ServiceUnavailable, "This node has no cluster layout yet. Please retry once a layout is applied."),
        QuorumException => new S3Exception(S3ErrorCode.ServiceUnavailable, "Too few replicas answered. Please retry."),
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or OperationCanceledException
            => new S3Exception(S3ErrorCode.ServiceUnavailable),
        _ => new S3Exception(S3ErrorCode.InternalError),
    };

    private void LogFailure(S3Exception error, int status, Exception original, string requestId)
    {
        switch (status)
        {
            case StatusCodes.Status500InternalServerError:
                // Every one is a bug: counted for the tests and operators, and logged once with the request id (in the
                // message too, not only the scope, as console logs show no scopes by default).
                internalErrors.Add();
                LogInternalError(logger, requestId, original);
                break;
            case StatusCodes.Status501NotImplemented:
                LogNotImplemented(logger, error.CustomMessage ?? error.Message);
                break;
            case >= 500:
                LogUnavailable(logger, error.Code, status, original.GetType().Name, original.Message);
                break;
            case StatusCodes.Status403Forbidden:
                LogForbidden(logger, error.Code, error.CustomMessage ?? string.Empty);
                break;
            default:
                LogClientError(logger, error.Code, status, error.CustomMessage ?? string.Empty);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "S3 client went away ({ExceptionType})")]
    private static partial void LogClientAborted(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "S3 request {RequestId} failed with an internal error")]
    private static partial void LogInternalError(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 request for an unimplemented feature: {Detail}")]
    private static partial void LogNotImplemented(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 request answered {Code} ({Status}): {ExceptionType}: {Detail}")]
    private static partial void LogUnavailable(ILogger logger, S3ErrorCode code, int status, string exceptionType, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 request denied: {Code} {Detail}")]
    private static partial void LogForbidden(ILogger logger, S3ErrorCode code, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "S3 request answered {Code} ({Status}) {Detail}")]
    private static partial void LogClientError(ILogger logger, S3ErrorCode code, int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 error {Code} after the response started; aborting the connection")]
    private static partial void LogResponseAlreadyStarted(ILogger logger, string code);
}
