namespace GarageOrleans.Admin.Contracts;

/// <summary>A key allowed on a bucket, as listed in <see cref="BucketInfo.Keys"/>. Name is null for a deleted key.</summary>
public sealed record BucketKey(string AccessKeyId, string? Name, BucketPermissions Permissions);
