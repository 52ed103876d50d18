namespace GarageOrleans.S3.Routing;

/// <summary>What the router made of one request: the operation, its bucket and key, and the permission it needs.</summary>
/// <param name="Operation">The AWS operation.</param>
/// <param name="Bucket">Bucket name from the path or the virtual host; null for ListBuckets.</param>
/// <param name="Key">Percent-decoded object key; null for service- and bucket-level operations.</param>
/// <param name="Authorization">What the access key needs on the bucket.</param>
public sealed record S3Route(S3Operation Operation, string? Bucket, string? Key, S3AuthorizationKind Authorization);
