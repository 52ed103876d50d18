using System.Globalization;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

internal sealed partial class ObjectHandlers
{
    private async Task GetObjectAsync(S3RequestContext context, bool headOnly)
    {
        ObjectHeaders.CheckResponseOverrides(context.Http.Request.Query);
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var obj = await RequestValues.ObjectGrain(context, bucket.Id, key).GetAsync() ?? throw RequestValues.NoSuchKey(key);
        var request = context.Http.Request;
        var response = context.Http.Response;

        switch (ConditionalRequest.Evaluate(ConditionalHeaders.Of(request.Headers), obj.Meta.ETag, Timestamps.ToDateTime(obj.TimestampMs)))
        {
            case ConditionOutcome.PreconditionFailed:
                throw new S3Exception(S3ErrorCode.PreconditionFailed, resource: key);
            case ConditionOutcome.NotModified:
                response.StatusCode = StatusCodes.Status304NotModified;
                response.Headers.ETag = ETagText.Quote(obj.Meta.ETag);
                response.Headers.LastModified = ConditionalRequest.FormatHttpDate(Timestamps.ToDateTime(obj.TimestampMs));
                return;
        }

        var size = obj.Meta.Size;
        var (start, length, partial) = SelectRange(context, obj);
        ObjectHeaders.WriteTo(response, obj, request.Query);
        if (partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ByteRange(ByteRangeKind.Satisfiable, start, length).ContentRange(size);
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
            if (obj.Meta.ChecksumAlgorithm is { } algorithm && obj.Meta.ChecksumValue is { } checksum
                && request.Headers["x-amz-checksum-mode"].ToString().Equals("ENABLED", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers["x-amz-checksum-" + algorithm] = checksum;
            }
        }

        response.ContentLength = length;
        if (!headOnly && length > 0)
        {
            await StreamAsync(context, obj, start, length);
        }
    }

    /// <summary>The bytes to serve: a part (partNumber), a single Range, or the whole object.</summary>
    private static (long Start, long Length, bool Partial) SelectRange(S3RequestContext context, ObjectVersionInfo obj)
    {
        var size = obj.Meta.Size;
        var rangeHeader = context.Http.Request.Headers.Range.ToString();
        if (RequestValues.Query(context, "partNumber") is not null)
        {
            if (rangeHeader.Length > 0)
            {
                throw new S3Exception(S3ErrorCode.InvalidRequest, "Cannot specify both Range header and partNumber query parameter.");
            }

            var partNumber = RequestValues.IntQuery(context, "partNumber", 1, 1, S3Limits.MaxPartNumber);
            var (start, length, count) = PartRange(obj, partNumber);
            if (obj.Meta.ETag.Contains('-', StringComparison.Ordinal))
            {
                context.Http.Response.Headers["x-amz-mp-parts-count"] = count.ToString(CultureInfo.InvariantCulture);
            }

            return (start, length, length > 0);
        }

        var range = ByteRange.Parse(rangeHeader, size);
        switch (range.Kind)
        {
            case ByteRangeKind.Satisfiable:
                return (range.Start, range.Length, true);
            case ByteRangeKind.Unsatisfiable:
                var e = new S3Exception(S3ErrorCode.InvalidRange);
                e.Headers["Content-Range"] = string.Create(CultureInfo.InvariantCulture, $"bytes */{size}");
                e.Details["RangeRequested"] = rangeHeader;
                e.Details["ActualObjectSize"] = size.ToString(CultureInfo.InvariantCulture);
                throw e;
            default:
                return (0, size, false);
        }
    }

    /// <summary>
    /// The byte range of the n-th part, counted in order (the numbering SDK downloaders use: 1..parts-count). An object
    /// written by one PUT is a single part.
    /// </summary>
    internal static (long Start, long Length, int Count) PartRange(ObjectVersionInfo obj, int partNumber)
    {
        var count = Math.Max(obj.Parts.Count, 1);
        if (partNumber > count)
        {
            throw new S3Exception(S3ErrorCode.InvalidRange, "The requested partnumber is not satisfiable");
        }

        if (obj.Parts.Count == 0)
        {
            return (0, obj.Meta.Size, 1);
        }

        long start = 0;
        for (var i = 0; i < partNumber - 1; i++)
        {
            start += obj.Parts[i].Size;
        }

        return (start, obj.Parts[partNumber - 1].Size, count);
    }

    /// <summary>
    /// Writes the range to the response, one block at a time with a bounded read-ahead. A client that goes away or a
    /// failure after the headers left is the pipeline's to handle (it cuts the connection: a short body, never a
    /// wrong one).
    /// </summary>
    private async Task StreamAsync(S3RequestContext context, ObjectVersionInfo obj, long start, long length)
    {
        var body = context.Http.Response.Body;
        await foreach (var slice in dataReader.ReadAsync(obj, start, length, context.Aborted))
        {
            using (slice)
            {
                await body.WriteAsync(slice.Memory, context.Aborted);
            }
        }
    }
}
