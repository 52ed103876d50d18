using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// Multipart uploads: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
/// AbortMultipartUpload, ListParts. Upload ids are the 64-hex form of a <see cref="VersionId"/>.
/// </summary>
internal sealed partial class MultipartHandlers(
    BodyToBlocks bodyToBlocks,
    ObjectDataReader dataReader,
    IObjectDataClient data) : IS3OperationHandler
{
    public IReadOnlyCollection<S3Operation> Operations { get; } =
    [
        S3Operation.CreateMultipartUpload,
        S3Operation.UploadPart,
        S3Operation.UploadPartCopy,
        S3Operation.CompleteMultipartUpload,
        S3Operation.AbortMultipartUpload,
        S3Operation.ListParts,
    ];

    public Task HandleAsync(S3RequestContext context) => context.Operation switch
    {
        S3Operation.CreateMultipartUpload => CreateAsync(context),
        S3Operation.UploadPart => UploadPartAsync(context),
        S3Operation.UploadPartCopy => UploadPartCopyAsync(context),
        S3Operation.CompleteMultipartUpload => CompleteAsync(context),
        S3Operation.AbortMultipartUpload => AbortAsync(context),
        S3Operation.ListParts => ListPartsAsync(context),
        _ => throw new S3Exception(S3ErrorCode.NotImplemented, context.Operation.ToString()),
    };

    private static async Task CreateAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var requestHeaders = context.Http.Request.Headers;
        var headers = ObjectHeaders.FromRequest(requestHeaders);
        var checksumAlgorithm = requestHeaders["x-amz-checksum-algorithm"].ToString().ToLowerInvariant();
        var pending = new ObjectMeta(0, "", headers, checksumAlgorithm.Length > 0 ? checksumAlgorithm : null);
        var uploadId = VersionId.New().ToHex();
        await context.Grains.GetGrain<IMultipartUploadGrain>(uploadId).CreateAsync(bucket.Id, key, pending);
        await ResponseXml.WriteAsync(context.Http.Response, "InitiateMultipartUploadResult", w =>
        {
            w.Element("Bucket", bucket.Name);
            w.Element("Key", key);
            w.Element("UploadId", uploadId);
        });
    }

    private static async Task CompleteAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var (id, uploadId) = UploadId(context);
        var grain = context.Grains.GetGrain<IMultipartUploadGrain>(uploadId);
        var info = await grain.GetAsync();
        var body = await RequestXml.ReadBodyAsync(context.Body, RequestXml.MaxCompleteMultipartBodyBytes, context.Aborted);
        var parts = RequestXml.ParseCompleteMultipartUpload(body);
        if (parts.Count == 0)
        {
            throw new S3Exception(S3ErrorCode.MalformedXML, "You must specify at least one part.");
        }

        if (info is null || info.Bucket != bucket.Id || info.Key != key)
        {
            // A retry whose first attempt completed but whose answer was lost: AWS answers it again.
            var done = info is null ? await AlreadyCompletedAsync(context, bucket, key, id, parts) : null;
            if (done is null)
            {
                throw RequestValues.NoSuchUpload(uploadId);
            }

            await WriteCompleteResultAsync(context, bucket.Name, key, done.Meta.ETag);
            return;
        }

        var condition = RequestValues.WriteConditionOf(context.Http.Request.Headers);
        var result = await grain.CompleteAsync(parts, condition);
        switch (result.Outcome)
        {
            case CompleteMultipartOutcome.Completed:
                break;
            case CompleteMultipartOutcome.NoSuchUpload:
                throw RequestValues.NoSuchUpload(uploadId);
            case CompleteMultipartOutcome.InvalidPart:
                throw PartError(S3ErrorCode.InvalidPart, result.BadPartNumber);
            case CompleteMultipartOutcome.InvalidPartOrder:
                throw new S3Exception(S3ErrorCode.InvalidPartOrder);
            case CompleteMultipartOutcome.EntityTooSmall:
                throw PartError(S3ErrorCode.EntityTooSmall, result.BadPartNumber);
            default:
                throw new S3Exception(S3ErrorCode.PreconditionFailed, resource: key);
        }

        var etag = result.Version?.Meta.ETag ?? MultipartETag.Compute(parts.Select(p => p.ETag).ToList());
        await WriteCompleteResultAsync(context, bucket.Name, key, etag);
    }

    private static Task WriteCompleteResultAsync(S3RequestContext context, string bucket, string key, string etag) =>
        ResponseXml.WriteAsync(context.Http.Response, "CompleteMultipartUploadResult", w =>
        {
            w.Element("Location", ObjectLocation(context, bucket, key));
            w.Element("Bucket", bucket);
            w.Element("Key", key);
            w.Element("ETag", ETagText.Quote(etag));
        });

    /// <summary>
    /// The object this upload became, when the current version of the key is the upload (its version id is the upload
    /// id) and was completed with exactly these parts (same multipart ETag).
    /// </summary>
    private static async Task<ObjectVersionInfo?> AlreadyCompletedAsync(
        S3RequestContext context, BucketInfo bucket, string key, VersionId uploadId, IReadOnlyList<CompletedPartRequest> parts)
    {
        var current = await RequestValues.ObjectGrain(context, bucket.Id, key).GetAsync();
        if (current is null || current.Version != uploadId)
        {
            return null;
        }

        try
        {
            return MultipartETag.Compute(parts.Select(p => p.ETag).ToList()) == ETagText.Unquote(current.Meta.ETag) ? current : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task AbortAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var (grain, _, uploadId) = await UploadAsync(context, bucket, key);
        if (!await grain.AbortAsync())
        {
            throw RequestValues.NoSuchUpload(uploadId);
        }

        context.Http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task ListPartsAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var key = RequestValues.Key(context);
        var (_, info, uploadId) = await UploadAsync(context, bucket, key);
        var marker = Math.Min(RequestValues.IntQuery(context, "part-number-marker", 0, 0, int.MaxValue), S3Limits.MaxPartNumber);
        var maxParts = RequestValues.PageSizeQuery(context, "max-parts");

        // One entry per part number: the newest attempt is the one a Complete would use.
        var parts = info.Parts
            .GroupBy(p => p.PartNumber)
            .Select(g => g.MaxBy(p => p.LastModifiedMs)!)
            .Where(p => p.PartNumber > marker)
            .OrderBy(p => p.PartNumber)
            .ToList();
        var page = parts.Take(maxParts).ToList();
        var truncated = parts.Count > page.Count;
        var owner = context.AccessKey;
        await ResponseXml.WriteAsync(context.Http.Response, "ListPartsResult", w =>
        {
            w.Element("Bucket", bucket.Name);
            w.Element("Key", key);
            w.Element("UploadId", uploadId);
            w.Principal("Initiator", owner.AccessKeyId, owner.Name);
            w.Principal("Owner", owner.AccessKeyId, owner.Name);
            w.Element("StorageClass", "STANDARD");
            w.Element("PartNumberMarker", marker);
            w.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : marker);
            w.Element("MaxParts", maxParts);
            w.Element("IsTruncated", truncated);
            foreach (var p in page)
            {
                w.WriteStartElement("Part");
                w.Element("PartNumber", p.PartNumber);
                w.Element("LastModified", ResponseXml.Timestamp(p.LastModifiedMs));
                w.Element("ETag", ETagText.Quote(p.ETag));
                w.Element("Size", p.Size);
                w.WriteEndElement();
            }
        });
    }

    /// <summary>
    /// The upload named by ?uploadId, which must belong to this bucket and key: an id used on another object is as
    /// unknown as a wrong one.
    /// </summary>
    private static async Task<(IMultipartUploadGrain Grain, MultipartUploadInfo Info, string UploadId)> UploadAsync(
        S3RequestContext context, BucketInfo bucket, string key)
    {
        var (_, uploadId) = UploadId(context);
        var grain = context.Grains.GetGrain<IMultipartUploadGrain>(uploadId);
        var info = await grain.GetAsync();
        if (info is null || info.Bucket != bucket.Id || info.Key != key)
        {
            throw RequestValues.NoSuchUpload(uploadId);
        }

        return (grain, info, uploadId);
    }

    /// <summary>?uploadId as a version id and its canonical (lower-case) hex, the upload grain's key.</summary>
    private static (VersionId Id, string Hex) UploadId(S3RequestContext context)
    {
        var raw = RequestValues.Query(context, "uploadId") ?? "";
        return VersionId.TryParseHex(raw, out var id) ? (id, id.ToHex()) : throw RequestValues.NoSuchUpload(raw);
    }

    /// <summary>partNumber of UploadPart and UploadPartCopy: required, 1..10000.</summary>
    private static int PartNumber(S3RequestContext context)
    {
        const string Message = "Part number must be an integer between 1 and 10000, inclusive";
        var raw = RequestValues.Query(context, "partNumber") ?? throw RequestValues.InvalidArgument("partNumber", "", Message);
        return int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= S3Limits.MaxPartNumber
            ? n
            : throw RequestValues.InvalidArgument("partNumber", raw, Message);
    }

    private static S3Exception PartError(S3ErrorCode code, int? partNumber)
    {
        var e = new S3Exception(code);
        if (partNumber is { } n)
        {
            e.Details["PartNumber"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return e;
    }

    /// <summary>The object's URL as the client addressed it (virtual-host style when the host starts with the bucket).</summary>
    private static string ObjectLocation(S3RequestContext context, string bucket, string key)
    {
        var request = context.Http.Request;
        var host = request.Host.Value ?? "";
        var path = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal);
        return host.StartsWith(bucket + ".", StringComparison.Ordinal)
            ? $"{request.Scheme}://{host}/{path}"
            : $"{request.Scheme}://{host}/{bucket}/{path}";
    }
}
