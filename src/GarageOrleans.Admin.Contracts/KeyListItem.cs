namespace GarageOrleans.Admin.Contracts;

/// <summary>One entry of <c>GET /v2/ListKeys</c> (a JSON array of these).</summary>
public sealed record KeyListItem(string AccessKeyId, string Name, DateTimeOffset CreatedAt);
