namespace GarageOrleans.Admin.Contracts;

/// <summary>Flags of a key that are not tied to a bucket (Garage: <c>permissions.createBucket</c>).</summary>
public sealed record KeyPermissions(bool CreateBucket);
