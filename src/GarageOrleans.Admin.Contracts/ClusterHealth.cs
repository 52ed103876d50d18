namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Response of <c>GET /v2/GetClusterHealth</c>. <see cref="Status"/> is <c>healthy</c> (every storage node up),
/// <c>degraded</c> (some down, but at least a write quorum of RF up) or <c>unavailable</c>, as in Garage.
/// </summary>
public sealed record ClusterHealth(
    string Status,
    int KnownNodes,
    int ConnectedNodes,
    int StorageNodes,
    int StorageNodesUp);
