using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// The headers stored with an object (taken from PutObject, CreateMultipartUpload or a REPLACE copy) and given back
/// on GET and HEAD. Names are stored lower-case (<see cref="ObjectMeta.Headers"/>); values exactly as sent, and given
/// back RFC 2047-encoded when they are not plain ASCII (<see cref="HeaderText.ForResponse"/>).
/// </summary>
internal static class ObjectHeaders
{
    /// <summary>AWS caps user metadata at 2 KiB: the UTF-8 bytes of every x-amz-meta-* name (after the prefix) and value.</summary>
    public const int MaxUserMetadataBytes = 2048;

    /// <summary>What AWS stores when a PUT carries no Content-Type.</summary>
    public const string DefaultContentType = "binary/octet-stream";

    public const string MetaPrefix = "x-amz-meta-";

    private static readonly string[] StoredStandardHeaders =
    [
        "content-encoding",
        "content-disposition",
        "content-language",
        "cache-control",
        "expires",
        "x-amz-website-redirect-location",
    ];

    /// <summary>Query parameters of GET/HEAD that override a response header (signed requests only, which all are here).</summary>
    private static readonly (string Query, string Header)[] ResponseOverrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];

    public static IReadOnlyList<KeyValuePair<string, string>> FromRequest(IHeaderDictionary headers)
    {
        RejectUnsupported(headers);
        var result = new List<KeyValuePair<string, string>>();
        var contentType = headers.ContentType.ToString();
        result.Add(new("content-type", contentType.Length > 0 ? contentType : DefaultContentType));
        foreach (var name in StoredStandardHeaders)
        {
            var value = headers[name].ToString();
            if (name == "content-encoding")
            {
                value = WithoutAwsChunked(value);
            }

            if (value.Length > 0)
            {
                result.Add(new(name, value));
            }
        }

        var metadata = new List<KeyValuePair<string, string>>();
        var metadataBytes = 0;
        foreach (var (name, values) in headers)
        {
            if (!name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var lower = name.ToLowerInvariant();
            var value = values.ToString();
            metadataBytes += Encoding.UTF8.GetByteCount(lower.AsSpan(MetaPrefix.Length)) + Encoding.UTF8.GetByteCount(value);
            metadata.Add(new(lower, value));
        }

        if (metadataBytes > MaxUserMetadataBytes)
        {
            throw new S3Exception(S3ErrorCode.MetadataTooLarge,
                $"Your metadata headers exceed the maximum allowed metadata size ({MaxUserMetadataBytes} bytes).");
        }

        metadata.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        result.AddRange(metadata);
        return result;
    }

    /// <summary>
    /// Refuses response-* overrides that could not be sent as a header, or would split it (CR, LF and other control
    /// characters), with InvalidArgument; call before anything is written.
    /// </summary>
    public static void CheckResponseOverrides(IQueryCollection query)
    {
        foreach (var (param, _) in ResponseOverrides)
        {
            if (query.TryGetValue(param, out var value) && HeaderText.HasControl(value.ToString()))
            {
                throw RequestValues.InvalidArgument(param, value.ToString(), $"{param} must not contain control characters.");
            }
        }
    }

    /// <summary>
    /// Writes the stored headers, ETag, Last-Modified and Accept-Ranges of a GET or HEAD answer, then applies the
    /// response-* query overrides (checked by <see cref="CheckResponseOverrides"/>).
    /// </summary>
    public static void WriteTo(HttpResponse response, ObjectVersionInfo obj, IQueryCollection query)
    {
        CheckResponseOverrides(query);
        var headers = response.Headers;
        foreach (var (name, value) in obj.Meta.Headers)
        {
            headers[name] = HeaderText.ForResponse(value);
        }

        if (obj.Meta.Header("content-type") is null)
        {
            headers.ContentType = DefaultContentType;
        }

        headers.ETag = ETagText.Quote(obj.Meta.ETag);
        headers.LastModified = ConditionalRequest.FormatHttpDate(Primitives.Timestamps.ToDateTime(obj.TimestampMs));
        headers.AcceptRanges = "bytes";
        foreach (var (param, header) in ResponseOverrides)
        {
            if (query.TryGetValue(param, out var value) && value.Count > 0)
            {
                headers[header] = HeaderText.ForResponse(value.ToString());
            }
        }
    }

    /// <summary>
    /// aws-chunked is the transfer framing of a streaming upload (already removed by the pipeline), not an encoding of
    /// the object; AWS strips it from the stored Content-Encoding.
    /// </summary>
    private static string WithoutAwsChunked(string value)
    {
        if (!value.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var kept = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
        return string.Join(",", kept);
    }

    /// <summary>Server-side encryption is not implemented: refusing is better than storing plaintext the client thinks is encrypted.</summary>
    public static void RejectUnsupported(IHeaderDictionary headers)
    {
        if (headers.ContainsKey("x-amz-server-side-encryption-customer-algorithm")
            || headers.ContainsKey("x-amz-server-side-encryption"))
        {
            throw new S3Exception(S3ErrorCode.NotImplemented, "Server-side encryption is not implemented.");
        }
    }
}
