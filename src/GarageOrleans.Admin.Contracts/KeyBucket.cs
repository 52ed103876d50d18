namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// A bucket a key has permissions on, as listed in <see cref="KeyInfo.Buckets"/>: its 64-hex id and its global name.
/// </summary>
public sealed record KeyBucket(string Id, string Name, BucketPermissions Permissions);
