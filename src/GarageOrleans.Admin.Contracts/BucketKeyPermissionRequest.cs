namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Body of <c>POST /v2/AllowBucketKey</c> and <c>POST /v2/DenyBucketKey</c>. The bucket is named by
/// <see cref="BucketId"/> (64-hex id, or a bucket name) or by <see cref="GlobalAlias"/>; the key by its exact id.
/// Flags set to true are granted (Allow) or revoked (Deny); the others are unchanged.
/// </summary>
public sealed record BucketKeyPermissionRequest(
    string? BucketId,
    string AccessKeyId,
    BucketPermissions Permissions,
    string? GlobalAlias = null);
