namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Body of <c>POST /v2/UpdateKey?id=</c>. A flag set to true in <see cref="Allow"/> is granted and one set to true in
/// <see cref="Deny"/> is revoked; flags left false or absent are unchanged (Garage's shape).
/// </summary>
public sealed record UpdateKeyRequest(KeyPermissions? Allow, KeyPermissions? Deny);
