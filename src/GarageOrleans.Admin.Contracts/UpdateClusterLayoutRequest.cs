namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Body of <c>POST /v2/UpdateClusterLayout</c>: role changes and/or new parameters to stage (either may be absent).
/// A parameter left out keeps its staged or current value; the first layout of a cluster needs a replication factor.
/// </summary>
public sealed record UpdateClusterLayoutRequest(IReadOnlyList<NodeRoleChange>? Roles, LayoutParametersUpdate? Parameters);

/// <summary>The <c>parameters</c> of <see cref="UpdateClusterLayoutRequest"/>: each member optional.</summary>
public sealed record LayoutParametersUpdate(int? ReplicationFactor, ZoneRedundancy? ZoneRedundancy);

/// <summary>Body of <c>POST /v2/ApplyClusterLayout</c>: the version to create, which must be the current one + 1.</summary>
public sealed record ApplyClusterLayoutRequest(ulong? Version);
