using System.Security.Cryptography;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

internal sealed partial class ObjectHandlers
{
    private async Task PutObjectAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var requestHeaders = context.Http.Request.Headers;
        var headers = ObjectHeaders.FromRequest(requestHeaders);
        var condition = RequestValues.WriteConditionOf(requestHeaders);
        RequestValues.CheckPutLength(context);
        var grain = RequestValues.ObjectGrain(context, bucket.Id, key);

        using var head = await bodyToBlocks.ReadHeadAsync(context.Body, context.Aborted);
        PutResult result;
        string etag;
        if (head.AtEnd && head.Length < S3Limits.InlineThresholdBytes)
        {
            // The whole body is in hand (and verified: its end was read), so it goes into the object row.
            var bytes = head.Span.ToArray();
            etag = Convert.ToHexStringLower(MD5.HashData(bytes));
            result = await grain.PutInlineAsync(Meta(context, bytes.Length, etag, headers), bytes, condition);
        }
        else
        {
            (result, etag) = await PutBlocksAsync(context, grain, head, headers, condition, bucket.Name, key);
        }

        if (result.PreconditionFailed)
        {
            throw new S3Exception(S3ErrorCode.PreconditionFailed, resource: key);
        }

        context.Http.Response.StatusCode = StatusCodes.Status200OK;
        context.Http.Response.Headers.ETag = ETagText.Quote(etag);
        RequestValues.EchoChecksums(context);
    }

    /// <summary>
    /// Announces a new version, streams the body into its blocks and completes it. Whatever goes wrong after the
    /// announcement (client gone, bad signature found at the end, a block write failing, a failed precondition), the
    /// version is aborted, so no half object is ever visible and the previous one stays readable.
    /// </summary>
    private async Task<(PutResult Result, string ETag)> PutBlocksAsync(
        S3RequestContext context, IObjectGrain grain, BodyHead head, IReadOnlyList<KeyValuePair<string, string>> headers,
        WriteCondition condition, string bucket, string key)
    {
        var version = VersionId.New();
        await grain.BeginUploadAsync(version, multipart: false, pendingMeta: null);
        var committed = false;
        try
        {
            var stored = await bodyToBlocks.StoreAsync(head, context.Body, version, S3Limits.MaxSinglePutBytes, RequestValues.PayloadMd5(context), context.Aborted);
            var etag = stored.ETag;
            var meta = Meta(context, stored.Size, etag, headers);
            var result = await grain.CompleteUploadAsync(version, meta, [new ObjectPart(1, version, stored.Size, etag)], condition);
            committed = !result.PreconditionFailed;
            return (result, etag);
        }
        finally
        {
            if (!committed)
            {
                await AbortQuietlyAsync(grain, version, bucket, key);
            }
        }
    }

    private static ObjectMeta Meta(S3RequestContext context, long size, string etag, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var (algorithm, value) = StoredChecksum(context);
        return new ObjectMeta(size, etag, headers, algorithm, value);
    }
}
