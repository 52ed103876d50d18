namespace GarageOrleans.Admin.Contracts;

/// <summary>Body of <c>POST /v2/ImportKey</c>: an existing key pair (e.g. moved from another S3 store).</summary>
public sealed record ImportKeyRequest(string AccessKeyId, string SecretAccessKey, string? Name, bool? AllowCreateBucket = null);
