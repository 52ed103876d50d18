using GarageOrleans.Cluster;

namespace GarageOrleans.Tables;

public sealed record TableClientOptions
{
    /// <summary>
    /// Per-replica call timeout (docs/cluster.md §3). A node membership has declared dead is not called at all; one
    /// that crashed but is not declared yet (≈ 6–7 s with our membership tuning) would hold a call until then, so a
    /// coordinator sends to all replicas, returns at quorum, and judges the quorum on the others after this long.
    /// </summary>
    public TimeSpan ReplicaCallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public ConsistencyMode ConsistencyMode { get; init; } = ConsistencyMode.Consistent;
}
