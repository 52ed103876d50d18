using GarageOrleans.Primitives;

namespace GarageOrleans.Abstractions;

/// <summary>
/// Keys strictly after <see cref="StartAfter"/> (null = from the start) that begin with <see cref="Prefix"/>; with a
/// <see cref="Delimiter"/>, keys that contain it after the prefix are rolled up into one common prefix each.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ListObjectsQuery(
    [property: Id(0)] string Prefix,
    [property: Id(1)] string? Delimiter,
    [property: Id(2)] string? StartAfter,
    [property: Id(3)] int MaxKeys);

[GenerateSerializer, Immutable]
public sealed record ListedObject(
    [property: Id(0)] string Key,
    [property: Id(1)] ulong LastModifiedMs,
    [property: Id(2)] string ETag,
    [property: Id(3)] long Size);

/// <summary>
/// Up to MaxKeys entries and common prefixes together, in key order. <see cref="NextMarker"/> is the last key or
/// common prefix returned when <see cref="IsTruncated"/>; listing again with StartAfter = NextMarker continues.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ObjectListing(
    [property: Id(0)] IReadOnlyList<ListedObject> Objects,
    [property: Id(1)] IReadOnlyList<string> CommonPrefixes,
    [property: Id(2)] bool IsTruncated,
    [property: Id(3)] string? NextMarker);

[GenerateSerializer, Immutable]
public sealed record ListUploadsQuery(
    [property: Id(0)] string Prefix,
    [property: Id(1)] string? Delimiter,
    [property: Id(2)] string? KeyMarker,
    [property: Id(3)] string? UploadIdMarker,
    [property: Id(4)] int MaxUploads);

[GenerateSerializer, Immutable]
public sealed record ListedUpload(
    [property: Id(0)] string Key,
    [property: Id(1)] VersionId UploadId,
    [property: Id(2)] ulong InitiatedMs);

[GenerateSerializer, Immutable]
public sealed record UploadListing(
    [property: Id(0)] IReadOnlyList<ListedUpload> Uploads,
    [property: Id(1)] IReadOnlyList<string> CommonPrefixes,
    [property: Id(2)] bool IsTruncated,
    [property: Id(3)] string? NextKeyMarker,
    [property: Id(4)] string? NextUploadIdMarker);

/// <summary>Listing of one bucket (grain key = 64-hex bucket id): range reads of the object table; stateless.</summary>
public interface IObjectListingGrain : IGrainWithStringKey
{
    Task<ObjectListing> ListAsync(ListObjectsQuery query);

    Task<UploadListing> ListUploadsAsync(ListUploadsQuery query);

    /// <summary>True when the bucket has no live object and no unfinished multipart upload.</summary>
    Task<bool> IsEmptyAsync();
}
