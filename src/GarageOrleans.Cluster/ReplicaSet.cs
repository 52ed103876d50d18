using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>
/// The nodes of one partition in one layout version, with that version's replication factor: the unit a quorum is
/// counted in when a request spans several versions during a layout change.
/// </summary>
public sealed record ReplicaSet(ulong Version, int ReplicationFactor, IReadOnlyList<NodeId> Nodes)
{
    public override string ToString() => $"v{Version}: [{string.Join(", ", Nodes)}]";
}
