namespace GarageOrleans.Admin.Contracts;

/// <summary>One entry of <c>GET /v2/ListBuckets</c> (a JSON array of these).</summary>
public sealed record BucketListItem(string Id, string Name, IReadOnlyList<string> GlobalAliases, DateTimeOffset CreatedAt);
