namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// One node of the cluster as GetClusterStatus reports it. <see cref="Id"/> is the 64-hex NodeId (stable across
/// restarts); <see cref="Capacity"/> is the bytes the node stores in the layout (null for a gateway or a node with no
/// role yet); <see cref="Address"/> is the Orleans silo address of its current incarnation;
/// <see cref="DataPartition"/> is the free and total space of its data disk, when reported.
/// </summary>
public sealed record NodeStatus(
    string Id,
    string Hostname,
    string Zone,
    long? Capacity,
    bool IsUp,
    string Address,
    DiskSpace? DataPartition);
