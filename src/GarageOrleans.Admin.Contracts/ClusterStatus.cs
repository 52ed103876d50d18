namespace GarageOrleans.Admin.Contracts;

/// <summary>Response of <c>GET /v2/GetClusterStatus</c>.</summary>
public sealed record ClusterStatus(ulong LayoutVersion, int ReplicationFactor, IReadOnlyList<NodeStatus> Nodes);
