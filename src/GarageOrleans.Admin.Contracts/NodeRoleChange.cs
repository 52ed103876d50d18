namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// One role change (Garage's v2 <c>NodeRoleChange</c>), in UpdateClusterLayout's body and in the staged changes of
/// GetClusterLayout: <c>{"id", "remove": true}</c> drops the node from the next version; <c>{"id", "zone",
/// "capacity"}</c> gives it a role, a gateway when <see cref="Capacity"/> is null or absent. In a request,
/// <see cref="Id"/> may be a unique prefix of a known node's 64-hex id; in a response it is always the full id.
/// </summary>
public sealed record NodeRoleChange(string Id, bool? Remove = null, string? Zone = null, long? Capacity = null)
{
    public bool IsRemove => Remove == true;
}
