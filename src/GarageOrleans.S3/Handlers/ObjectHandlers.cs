using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Handlers;

/// <summary>Object operations: PutObject, GetObject, HeadObject, CopyObject, DeleteObject, DeleteObjects, GetObjectTagging.</summary>
internal sealed partial class ObjectHandlers(
    BodyToBlocks bodyToBlocks,
    ObjectDataReader dataReader,
    IObjectDataClient data,
    ILogger<ObjectHandlers> logger) : IS3OperationHandler
{
    public IReadOnlyCollection<S3Operation> Operations { get; } =
    [
        S3Operation.PutObject,
        S3Operation.GetObject,
        S3Operation.HeadObject,
        S3Operation.CopyObject,
        S3Operation.DeleteObject,
        S3Operation.DeleteObjects,
        S3Operation.GetObjectTagging,
    ];

    public Task HandleAsync(S3RequestContext context) => context.Operation switch
    {
        S3Operation.PutObject => PutObjectAsync(context),
        S3Operation.GetObject => GetObjectAsync(context, headOnly: false),
        S3Operation.HeadObject => GetObjectAsync(context, headOnly: true),
        S3Operation.CopyObject => CopyObjectAsync(context),
        S3Operation.DeleteObject => DeleteObjectAsync(context),
        S3Operation.DeleteObjects => DeleteObjectsAsync(context),
        S3Operation.GetObjectTagging => GetObjectTaggingAsync(context),
        _ => throw new S3Exception(S3ErrorCode.NotImplemented, context.Operation.ToString()),
    };

    /// <summary>
    /// Marks an unfinished upload Aborted so that its blocks are released and the previous version stays the visible
    /// one. Runs on the way out of a failure, so its own failure is logged rather than hiding the first one.
    /// </summary>
    private async Task AbortQuietlyAsync(IObjectGrain grain, VersionId version, string bucket, string key)
    {
        try
        {
            await grain.AbortUploadAsync(version);
        }
        catch (Exception e)
        {
            logger.AbortFailed(e, version, bucket, key);
        }
    }

    /// <summary>The verified checksum the client sent (read once the body is consumed), to store with the object.</summary>
    private static (string? Algorithm, string? Value) StoredChecksum(S3RequestContext context)
    {
        foreach (var (algorithm, value) in context.Checksums)
        {
            return (algorithm, value);
        }

        return (null, null);
    }
}
