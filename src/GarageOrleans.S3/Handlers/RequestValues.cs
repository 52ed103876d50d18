using System.Globalization;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

/// <summary>Reading and validating request parameters shared by several handlers.</summary>
internal static class RequestValues
{
    /// <summary>The resolved bucket; the pipeline guarantees it for every bucket and object operation.</summary>
    public static BucketInfo Bucket(S3RequestContext context) =>
        context.Bucket ?? throw new S3Exception(S3ErrorCode.NoSuchBucket, resource: context.BucketName);

    /// <summary>The object key; the pipeline has already refused keys over 1024 UTF-8 bytes.</summary>
    public static string Key(S3RequestContext context) =>
        context.Key is { Length: > 0 } key ? key : throw new S3Exception(S3ErrorCode.InvalidRequest, "An object key is required.");

    public static IObjectGrain ObjectGrain(S3RequestContext context, BucketId bucket, string key) =>
        context.Grains.GetGrain<IObjectGrain>(ObjectGrainKey.Of(bucket, key));

    public static string? Query(S3RequestContext context, string name) =>
        context.Http.Request.Query.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

    /// <summary>An integer query parameter in [min, max]; absent gives <paramref name="absent"/>, malformed gives InvalidArgument.</summary>
    public static int IntQuery(S3RequestContext context, string name, int absent, int min, int max)
    {
        var raw = Query(context, name);
        if (raw is null)
        {
            return absent;
        }

        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw InvalidArgument(name, raw, $"Argument {name} must be an integer between {min} and {max}");
        }

        return value;
    }

    /// <summary>max-keys / max-uploads / max-parts: a non-negative integer, capped at 1000 (larger values are allowed and clamped).</summary>
    public static int PageSizeQuery(S3RequestContext context, string name)
    {
        var raw = Query(context, name);
        if (raw is null)
        {
            return S3Limits.MaxPageSize;
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw InvalidArgument(name, raw, $"Argument {name} must be an integer between 0 and 2147483647");
        }

        return (int)Math.Min(value, S3Limits.MaxPageSize);
    }

    /// <summary>True for encoding-type=url; any other value is refused as AWS does.</summary>
    public static bool UrlEncodingRequested(S3RequestContext context)
    {
        var raw = Query(context, "encoding-type");
        if (raw is null)
        {
            return false;
        }

        return raw.Equals("url", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw InvalidArgument("encoding-type", raw, "Invalid Encoding Method specified in Request");
    }

    /// <summary>
    /// If-None-Match: * and If-Match on a write. AWS implements only '*' for If-None-Match on writes and answers 501 to
    /// anything else.
    /// </summary>
    public static WriteCondition WriteConditionOf(IHeaderDictionary headers)
    {
        var ifNoneMatch = headers.IfNoneMatch.ToString().Trim();
        var ifMatch = headers.IfMatch.ToString().Trim();
        if (ifNoneMatch.Length == 0 && ifMatch.Length == 0)
        {
            return WriteCondition.None;
        }

        if (ifNoneMatch.Length > 0 && ifNoneMatch != "*")
        {
            throw new S3Exception(S3ErrorCode.NotImplemented, "If-None-Match on a write supports only '*'.");
        }

        return new WriteCondition(ifMatch.Length > 0 ? ETagText.Unquote(ifMatch) : null, ifNoneMatch == "*");
    }

    /// <summary>The declared payload length of a PUT: at most 5 GiB, and required unless the body is chunked.</summary>
    public static void CheckPutLength(S3RequestContext context)
    {
        if (context.ContentLength is { } length)
        {
            if (length > S3Limits.MaxSinglePutBytes)
            {
                throw new S3Exception(S3ErrorCode.EntityTooLarge);
            }

            return;
        }

        var request = context.Http.Request;
        var chunked = request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase)
            || request.Headers["x-amz-content-sha256"].ToString().StartsWith("STREAMING-", StringComparison.Ordinal);
        if (!chunked)
        {
            throw new S3Exception(S3ErrorCode.MissingContentLength);
        }
    }

    /// <summary>
    /// The MD5 of the request body as the pipeline computes it while verifying, so the data is hashed once; null for a
    /// context built without the pipeline (handler unit tests), where the handler hashes the body itself.
    /// </summary>
    public static Func<byte[]>? PayloadMd5(S3RequestContext context) =>
        context.Http.Features.Get<S3PayloadDigest>() is { } digest ? () => digest.Md5 : null;

    /// <summary>Echoes the x-amz-checksum-* values the client sent and the pipeline verified.</summary>
    public static void EchoChecksums(S3RequestContext context)
    {
        foreach (var (algorithm, value) in context.Checksums)
        {
            context.Http.Response.Headers["x-amz-checksum-" + algorithm] = value;
        }
    }

    public static S3Exception InvalidArgument(string name, string value, string message)
    {
        var e = new S3Exception(S3ErrorCode.InvalidArgument, message);
        e.Details["ArgumentName"] = name;
        e.Details["ArgumentValue"] = value;
        return e;
    }

    public static S3Exception NoSuchKey(string key)
    {
        var e = new S3Exception(S3ErrorCode.NoSuchKey, resource: key);
        e.Details["Key"] = key;
        return e;
    }

    public static S3Exception NoSuchUpload(string uploadId)
    {
        var e = new S3Exception(S3ErrorCode.NoSuchUpload);
        e.Details["UploadId"] = uploadId;
        return e;
    }
}
