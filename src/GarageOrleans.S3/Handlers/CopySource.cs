using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// The <c>x-amz-copy-source</c> header: "bucket/key", URL-encoded, with an optional leading '/' and an optional
/// "?versionId=…". The query is split off before decoding, so a '?' inside a key arrives as %3F and stays in the key.
/// </summary>
internal sealed record CopySource(string Bucket, string Key, string? VersionId)
{
    public const string HeaderName = "x-amz-copy-source";

    public static CopySource Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            throw Invalid("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }

        var path = header;
        string? versionId = null;
        var q = header.IndexOf('?');
        if (q >= 0)
        {
            path = header[..q];
            foreach (var pair in header[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var name = eq < 0 ? pair : pair[..eq];
                if (name == "versionId")
                {
                    versionId = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                }
            }
        }

        var decoded = Uri.UnescapeDataString(path);
        if (decoded.StartsWith('/'))
        {
            decoded = decoded[1..];
        }

        var slash = decoded.IndexOf('/');
        if (slash <= 0 || slash == decoded.Length - 1)
        {
            throw Invalid("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }

        return new CopySource(decoded[..slash], decoded[(slash + 1)..], versionId);
    }

    private static S3Exception Invalid(string message)
    {
        var e = new S3Exception(S3ErrorCode.InvalidArgument, message);
        e.Details["ArgumentName"] = HeaderName;
        return e;
    }
}

/// <summary>The source of a copy after its checks: the bucket the key may read, the current version, preconditions met.</summary>
internal sealed record ResolvedCopySource(CopySource Source, BucketInfo Bucket, ObjectVersionInfo Object)
{
    /// <summary>
    /// Resolves x-amz-copy-source for CopyObject and UploadPartCopy. The pipeline checked the key's permission on the
    /// destination only, so Read on the source bucket is checked here. Versions are not kept, so a versionId is
    /// accepted only when it names the current version.
    /// </summary>
    public static async Task<ResolvedCopySource> ResolveAsync(S3RequestContext context)
    {
        var headers = context.Http.Request.Headers;
        var source = CopySource.Parse(headers[CopySource.HeaderName].ToString());
        // Through the resolver, like the request's own bucket: the node's full-copy replica, no grain call. A context
        // built without services (handler unit tests) asks the bucket grain.
        var bucket = context.Http.RequestServices?.GetService<IBucketResolver>() is { } resolver
            ? await resolver.FindAsync(source.Bucket, context.Http.RequestAborted)
            : await context.Grains.GetGrain<IBucketGrain>(source.Bucket).GetAsync();
        if (bucket is null)
        {
            var e = new S3Exception(S3ErrorCode.NoSuchBucket, resource: source.Bucket);
            e.Details["BucketName"] = source.Bucket;
            throw e;
        }

        if (!bucket.PermissionOf(context.AccessKey.AccessKeyId).Read)
        {
            throw new S3Exception(S3ErrorCode.AccessDenied, "The access key may not read the copy source.", source.Bucket + "/" + source.Key);
        }

        var obj = await context.Grains.GetGrain<IObjectGrain>(ObjectGrainKey.Of(bucket.Id, source.Key)).GetAsync()
            ?? throw RequestValues.NoSuchKey(source.Key);
        if (source.VersionId is { } v && v != "null" && !string.Equals(v, obj.Version.ToHex(), StringComparison.OrdinalIgnoreCase))
        {
            throw RequestValues.InvalidArgument("versionId", v, "Only the current version of an object can be copied: versioning is not enabled.");
        }

        // AWS answers 412 for a failed copy-source condition, including the two that would give 304 on a GET.
        var outcome = ConditionalRequest.Evaluate(ConditionalHeaders.OfCopySource(headers), obj.Meta.ETag, Timestamps.ToDateTime(obj.TimestampMs));
        if (outcome != ConditionOutcome.Proceed)
        {
            throw new S3Exception(S3ErrorCode.PreconditionFailed, resource: source.Bucket + "/" + source.Key);
        }

        return new ResolvedCopySource(source, bucket, obj);
    }
}
