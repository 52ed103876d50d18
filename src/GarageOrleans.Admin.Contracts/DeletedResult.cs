namespace GarageOrleans.Admin.Contracts;

/// <summary>Response of DeleteKey and DeleteBucket: the id that was deleted.</summary>
public sealed record DeletedResult(string Id, bool Deleted);
