using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

internal sealed partial class ObjectHandlers
{
    /// <summary>Zero-copy calls run concurrently for a many-part source; each is one metadata write, so a few suffice.</summary>
    public const int MaxPartCopiesInFlight = 8;

    private async Task CopyObjectAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var requestHeaders = context.Http.Request.Headers;
        ObjectHeaders.RejectUnsupported(requestHeaders);
        var replace = MetadataDirectiveIsReplace(requestHeaders);
        var condition = RequestValues.WriteConditionOf(requestHeaders);
        var source = await ResolvedCopySource.ResolveAsync(context);
        var src = source.Object;

        var sameObject = source.Bucket.Id == bucket.Id && source.Source.Key == key;
        if (sameObject && !replace
            && !requestHeaders.ContainsKey("x-amz-storage-class")
            && !requestHeaders.ContainsKey("x-amz-website-redirect-location"))
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        if (src.Meta.Size > S3Limits.MaxSinglePutBytes)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {S3Limits.MaxSinglePutBytes}");
        }

        var meta = replace ? src.Meta with { Headers = ObjectHeaders.FromRequest(requestHeaders) } : src.Meta;
        var grain = RequestValues.ObjectGrain(context, bucket.Id, key);
        var result = src.InlineData is { } inline
            ? await grain.PutInlineAsync(meta, inline, condition)
            : await CopyBlocksAsync(context, grain, src, meta, condition, bucket.Name, key);
        if (result.PreconditionFailed)
        {
            throw new S3Exception(S3ErrorCode.PreconditionFailed, resource: key);
        }

        var lastModified = result.Version?.TimestampMs ?? Timestamps.Now();
        await ResponseXml.WriteAsync(context.Http.Response, "CopyObjectResult", w =>
        {
            w.Element("LastModified", ResponseXml.Timestamp(lastModified));
            w.Element("ETag", ETagText.Quote(meta.ETag));
        });
    }

    /// <summary>
    /// A new version whose parts reference the source's blocks (no data moves). A single-part source keeps the shape of
    /// a PUT: its one part's data version is the new version itself. The ETag is the source's.
    /// </summary>
    private async Task<PutResult> CopyBlocksAsync(
        S3RequestContext context, IObjectGrain grain, ObjectVersionInfo src, ObjectMeta meta, WriteCondition condition, string bucket, string key)
    {
        var version = VersionId.New();
        await grain.BeginUploadAsync(version, multipart: false, pendingMeta: null);
        var committed = false;
        try
        {
            var parts = new ObjectPart[src.Parts.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = src.Parts[i] with { DataVersion = parts.Length == 1 ? version : VersionId.New() };
            }

            for (var i = 0; i < parts.Length; i += MaxPartCopiesInFlight)
            {
                var batch = parts.Skip(i).Take(MaxPartCopiesInFlight).Select((p, j) =>
                    data.CopyDataAsync(src.Parts[i + j].DataVersion, p.DataVersion, context.Aborted));
                await Task.WhenAll(batch);
            }

            var result = await grain.CompleteUploadAsync(version, meta, parts, condition);
            committed = !result.PreconditionFailed;
            return result;
        }
        finally
        {
            if (!committed)
            {
                await AbortQuietlyAsync(grain, version, bucket, key);
            }
        }
    }

    private static bool MetadataDirectiveIsReplace(IHeaderDictionary headers)
    {
        var directive = headers["x-amz-metadata-directive"].ToString();
        if (directive.Length == 0 || directive.Equals("COPY", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return directive.Equals("REPLACE", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw RequestValues.InvalidArgument("x-amz-metadata-directive", directive, "Unknown metadata directive.");
    }
}
