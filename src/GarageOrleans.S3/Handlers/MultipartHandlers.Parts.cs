using System.Globalization;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

internal sealed partial class MultipartHandlers
{
    private async Task UploadPartAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var partNumber = PartNumber(context);
        RequestValues.CheckPutLength(context);
        var (grain, _, uploadId) = await UploadAsync(context, bucket, key);

        // An attempt that fails is never completed, so nothing is recorded for it: the upload keeps the previous
        // attempt of this part (if any), and the grain releases the data of unused attempts.
        var dataVersion = await grain.BeginPartAsync(partNumber) ?? throw RequestValues.NoSuchUpload(uploadId);
        using var head = await bodyToBlocks.ReadHeadAsync(context.Body, context.Aborted);
        var stored = await bodyToBlocks.StoreAsync(head, context.Body, dataVersion, S3Limits.MaxSinglePutBytes, RequestValues.PayloadMd5(context), context.Aborted);
        _ = await grain.CompletePartAsync(partNumber, dataVersion, stored.Size, stored.ETag) ?? throw RequestValues.NoSuchUpload(uploadId);

        context.Http.Response.StatusCode = StatusCodes.Status200OK;
        context.Http.Response.Headers.ETag = ETagText.Quote(stored.ETag);
        RequestValues.EchoChecksums(context);
    }

    /// <summary>
    /// A part copied from an existing object (x-amz-copy-source, optional x-amz-copy-source-range). A whole
    /// single-PUT source is shared block for block; anything else is read and written again, cut into blocks at the
    /// part's own offsets (identical blocks still deduplicate in the block store).
    /// </summary>
    private async Task UploadPartCopyAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var partNumber = PartNumber(context);
        var (grain, _, uploadId) = await UploadAsync(context, bucket, key);
        var source = await ResolvedCopySource.ResolveAsync(context);
        var src = source.Object;
        var size = src.Meta.Size;
        var (start, length) = CopySourceRange(context.Http.Request.Headers["x-amz-copy-source-range"].ToString(), size);
        if (length > S3Limits.MaxSinglePutBytes)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest,
                $"The specified copy range is larger than the maximum allowable size for a part: {S3Limits.MaxSinglePutBytes}");
        }

        var dataVersion = await grain.BeginPartAsync(partNumber) ?? throw RequestValues.NoSuchUpload(uploadId);
        string etag;
        long stored;
        var wholeSinglePut = src.InlineData is null && src.Parts.Count == 1 && start == 0 && length == size
            && !src.Meta.ETag.Contains('-', StringComparison.Ordinal);
        if (wholeSinglePut)
        {
            await data.CopyDataAsync(src.Parts[0].DataVersion, dataVersion, context.Aborted);
            (etag, stored) = (src.Meta.ETag, size);
        }
        else
        {
            await using var copied = new SliceStream(dataReader.ReadAsync(src, start, length, context.Aborted), context.Aborted);
            using var head = await bodyToBlocks.ReadHeadAsync(copied, context.Aborted);
            var body = await bodyToBlocks.StoreAsync(head, copied, dataVersion, S3Limits.MaxSinglePutBytes, payloadMd5: null, context.Aborted);
            (etag, stored) = (body.ETag, body.Size);
        }

        var part = await grain.CompletePartAsync(partNumber, dataVersion, stored, etag) ?? throw RequestValues.NoSuchUpload(uploadId);
        await ResponseXml.WriteAsync(context.Http.Response, "CopyPartResult", w =>
        {
            w.Element("LastModified", ResponseXml.Timestamp(part.LastModifiedMs == 0 ? Timestamps.Now() : part.LastModifiedMs));
            w.Element("ETag", ETagText.Quote(etag));
        });
    }

    /// <summary>
    /// x-amz-copy-source-range: exactly "bytes=first-last" inside the source (no suffix or open forms, as AWS);
    /// absent means the whole source.
    /// </summary>
    internal static (long Start, long Length) CopySourceRange(string header, long size)
    {
        if (header.Length == 0)
        {
            return (0, size);
        }

        var spec = header.AsSpan().Trim();
        var dash = spec.IndexOf('-');
        if (!spec.StartsWith("bytes=", StringComparison.Ordinal) || dash < 0
            || !long.TryParse(spec[6..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(spec[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first > last || last >= size)
        {
            throw RequestValues.InvalidArgument("x-amz-copy-source-range", header,
                $"Range specified is not valid for source object of size: {size}");
        }

        return (first, last - first + 1);
    }
}
