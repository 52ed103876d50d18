using GarageOrleans.Cluster;

namespace GarageOrleans.Grains.Data;

/// <summary>Options of the block data path (bound from <c>Blocks:*</c> and <c>Cluster:ConsistencyMode</c>).</summary>
public sealed record BlockDataOptions
{
    /// <summary>Objects are cut into blocks of this many bytes (<c>Blocks:BlockSize</c>, default 1 MiB).</summary>
    public int BlockSize { get; init; } = 1 << 20;

    public ConsistencyMode ConsistencyMode { get; init; } = ConsistencyMode.Consistent;

    /// <summary>How long one node may take to store or return a block before the next is tried.</summary>
    public TimeSpan ReplicaCallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
