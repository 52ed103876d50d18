using GarageOrleans.Primitives;

namespace GarageOrleans.Abstractions;

/// <summary>A bucket: its immutable id, its global name and the keys allowed on it.</summary>
[GenerateSerializer, Immutable]
public sealed record BucketInfo(
    [property: Id(0)] BucketId Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ulong CreatedMs,
    [property: Id(3)] IReadOnlyDictionary<string, BucketPermission> Keys)
{
    public BucketPermission PermissionOf(string accessKeyId) =>
        Keys.TryGetValue(accessKeyId, out var p) ? p : BucketPermission.None;
}

[GenerateSerializer]
public enum CreateBucketOutcome
{
    Created,
    AlreadyOwnedByYou,
    AlreadyExists,
}

[GenerateSerializer, Immutable]
public sealed record CreateBucketResult([property: Id(0)] CreateBucketOutcome Outcome, [property: Id(1)] BucketInfo Bucket);

[GenerateSerializer]
public enum DeleteBucketOutcome
{
    Deleted,
    NoSuchBucket,
    NotEmpty,
}

/// <summary>
/// One bucket name (grain key = the global bucket name). One activation per name serialises CreateBucket, so two
/// concurrent creations of a name cannot both succeed (Garage's race #649 does not exist here).
/// </summary>
public interface IBucketGrain : IGrainWithStringKey
{
    /// <summary>The bucket, or null when no live bucket has this name.</summary>
    Task<BucketInfo?> GetAsync();

    /// <summary>
    /// Creates the bucket owned by <paramref name="ownerAccessKeyId"/> (read, write and owner), or reports who holds
    /// the name: AlreadyOwnedByYou when that key has write or owner on it, else AlreadyExists. A null owner (admin
    /// API) creates a bucket with no key allowed.
    /// </summary>
    Task<CreateBucketResult> CreateAsync(string? ownerAccessKeyId);

    /// <summary>Deletes the bucket when it holds no object and no unfinished multipart upload.</summary>
    Task<DeleteBucketOutcome> DeleteAsync();

    /// <summary>
    /// Adds (<paramref name="allow"/>) or removes the given flags for the key; flags left false are unchanged.
    /// Returns the updated bucket, or null when it does not exist.
    /// </summary>
    Task<BucketInfo?> SetPermissionAsync(string accessKeyId, BucketPermission flags, bool allow);
}

/// <summary>Listing of every live bucket (a range read of the bucket table); stateless.</summary>
public interface IBucketCatalogGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<BucketInfo>> ListAsync();
}
