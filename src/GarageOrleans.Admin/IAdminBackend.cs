using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>
/// What the admin HTTP layer needs from the cluster, in admin-API terms. The default implementation
/// (<see cref="GrainAdminBackend"/>) calls the grains; tests replace it by registering their own in DI. Failures
/// that the caller must see (unknown key, ambiguous search, non-empty bucket…) are thrown as
/// <see cref="AdminApiException"/>; anything else is an internal error.
/// </summary>
internal interface IAdminBackend
{
    Task<ClusterStatus> GetClusterStatusAsync();

    Task<IReadOnlyList<KeyListItem>> ListKeysAsync();

    /// <summary>The key with exactly this id, or else the one key whose id starts with, or whose name equals, the search.</summary>
    Task<KeyInfo> GetKeyInfoAsync(string idOrSearch, bool exactIdOnly, bool showSecret);

    /// <summary>Creates a key with a fresh id and secret; the answer carries the secret.</summary>
    Task<KeyInfo> CreateKeyAsync(string name, bool allowCreateBucket);

    /// <summary>Creates a key with the given id and secret; 409 when the id is taken.</summary>
    Task<KeyInfo> ImportKeyAsync(string accessKeyId, string secretAccessKey, string name, bool allowCreateBucket);

    Task<KeyInfo> SetAllowCreateBucketAsync(string accessKeyId, bool allow);

    /// <summary>Removes the key's permissions from every bucket, then deletes the key.</summary>
    Task DeleteKeyAsync(string accessKeyId);

    Task<IReadOnlyList<BucketListItem>> ListBucketsAsync();

    Task<BucketInfo> GetBucketInfoAsync(BucketRef bucket);

    /// <summary>Creates a bucket with no key allowed on it; 409 when the name is taken.</summary>
    Task<BucketInfo> CreateBucketAsync(string name);

    /// <summary>Deletes an empty bucket and returns its id; 409 BucketNotEmpty otherwise.</summary>
    Task<string> DeleteBucketAsync(BucketRef bucket);

    /// <summary>Grants (allow) or revokes the flags set in <paramref name="flags"/>; the others are unchanged.</summary>
    Task<BucketInfo> SetBucketKeyPermissionAsync(BucketRef bucket, string accessKeyId, BucketPermissions flags, bool allow);

    /// <summary>The layout as the coordinator sees it (newest version, staged changes, preview).</summary>
    Task<ClusterLayoutInfo> GetClusterLayoutAsync();

    /// <summary>
    /// Stages role changes (full 64-hex node ids: the HTTP layer resolved prefixes) and/or complete parameters;
    /// a change the layout refuses is a 400 InvalidLayout.
    /// </summary>
    Task<ClusterLayoutInfo> UpdateClusterLayoutAsync(IReadOnlyList<NodeRoleChange> roles, LayoutParameters? parameters);

    /// <summary>Applies the staged changes as <paramref name="version"/> (current + 1); a refusal is a 400 InvalidLayout.</summary>
    Task<ClusterLayoutInfo> ApplyClusterLayoutAsync(ulong version);

    /// <summary>Drops every staged change.</summary>
    Task<ClusterLayoutInfo> RevertClusterLayoutAsync();

    Task<ClusterLayoutHistory> GetClusterLayoutHistoryAsync();
}
