namespace GarageOrleans.Admin.Contracts;

/// <summary>Body of <c>POST /v2/CreateBucket</c>. The new bucket has no key allowed on it until AllowBucketKey.</summary>
public sealed record CreateBucketRequest(string GlobalAlias);
