namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Response of GetBucketInfo, CreateBucket, AllowBucketKey and DenyBucketKey. <see cref="Id"/> is the 64-hex bucket
/// id; <see cref="Name"/> is the bucket's global name, also listed in <see cref="GlobalAliases"/> (Garage's field).
/// <see cref="Objects"/> and <see cref="Bytes"/> are left out while the node does not count them.
/// </summary>
public sealed record BucketInfo(
    string Id,
    string Name,
    IReadOnlyList<string> GlobalAliases,
    DateTimeOffset CreatedAt,
    IReadOnlyList<BucketKey> Keys,
    long? Objects = null,
    long? Bytes = null);
