using GarageOrleans.Cluster;

namespace GarageOrleans.Tables;

public sealed record TableClientOptions
{
    /// <summary>
    /// Per-replica call timeout. Calls to a crashed silo hang until it is declared dead (10–12 s), so a coordinator
    /// never waits on one replica: it sends to all and returns at quorum; this bounds the wait for the quorum.
    /// </summary>
    public TimeSpan ReplicaCallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public ConsistencyMode ConsistencyMode { get; init; } = ConsistencyMode.Consistent;
}
