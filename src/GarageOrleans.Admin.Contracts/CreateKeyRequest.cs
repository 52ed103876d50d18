namespace GarageOrleans.Admin.Contracts;

/// <summary>Body of <c>POST /v2/CreateKey</c>. A new key may create buckets unless AllowCreateBucket is false.</summary>
public sealed record CreateKeyRequest(string? Name, bool? AllowCreateBucket = null);
