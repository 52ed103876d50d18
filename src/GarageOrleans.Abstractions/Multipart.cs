using GarageOrleans.Primitives;

namespace GarageOrleans.Abstractions;

[GenerateSerializer, Immutable]
public sealed record PartInfo(
    [property: Id(0)] int PartNumber,
    [property: Id(1)] VersionId DataVersion,
    [property: Id(2)] long Size,
    [property: Id(3)] string ETag,
    [property: Id(4)] ulong LastModifiedMs);

[GenerateSerializer, Immutable]
public sealed record MultipartUploadInfo(
    [property: Id(0)] VersionId UploadId,
    [property: Id(1)] BucketId Bucket,
    [property: Id(2)] string Key,
    [property: Id(3)] ulong InitiatedMs,
    [property: Id(4)] ObjectMeta PendingMeta,
    [property: Id(5)] IReadOnlyList<PartInfo> Parts);

[GenerateSerializer, Immutable]
public sealed record CompletedPartRequest([property: Id(0)] int PartNumber, [property: Id(1)] string ETag);

[GenerateSerializer]
public enum CompleteMultipartOutcome
{
    Completed,
    NoSuchUpload,
    InvalidPart,
    InvalidPartOrder,
    EntityTooSmall,
    PreconditionFailed,
}

[GenerateSerializer, Immutable]
public sealed record CompleteMultipartResult(
    [property: Id(0)] CompleteMultipartOutcome Outcome,
    [property: Id(1)] ObjectVersionInfo? Version,
    [property: Id(2)] int? BadPartNumber = null);

/// <summary>
/// One multipart upload (grain key = 64-hex upload id). Parts are separate data versions; completing records which
/// attempt of each part the object uses, so no block is copied and no block list is rewritten.
/// </summary>
public interface IMultipartUploadGrain : IGrainWithStringKey
{
    /// <summary>Starts the upload: an Uploading multipart version in the object row plus the upload row.</summary>
    Task<MultipartUploadInfo> CreateAsync(BucketId bucket, string key, ObjectMeta pendingMeta);

    /// <summary>The upload, or null when unknown, completed or aborted.</summary>
    Task<MultipartUploadInfo?> GetAsync();

    /// <summary>Announces an attempt at a part and returns the data version its blocks go under; null if no such upload.</summary>
    Task<VersionId?> BeginPartAsync(int partNumber);

    /// <summary>Records the finished attempt; the newest attempt of a part number wins. Null if no such upload.</summary>
    Task<PartInfo?> CompletePartAsync(int partNumber, VersionId dataVersion, long size, string etag);

    /// <summary>
    /// Completes with the listed parts (strictly increasing numbers; every part but the last at least 5 MiB). The
    /// object's ETag is the MD5 of the concatenated binary part MD5s followed by "-N".
    /// </summary>
    Task<CompleteMultipartResult> CompleteAsync(IReadOnlyList<CompletedPartRequest> parts, WriteCondition condition);

    /// <summary>Aborts: every part's data is released. Returns false when no such upload.</summary>
    Task<bool> AbortAsync();
}
