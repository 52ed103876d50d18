namespace GarageOrleans.Cluster;

/// <summary>Quorum policy (Garage's consistency_mode; reference/garage.md §2.6).</summary>
public enum ConsistencyMode
{
    /// <summary>R = ⌈rf/2⌉, W = rf + 1 − R: read-after-write across any single node failure at rf 3.</summary>
    Consistent,

    /// <summary>R = 1, W as consistent.</summary>
    Degraded,

    /// <summary>R = W = 1.</summary>
    Dangerous,
}

/// <summary>Read and write quorums for a replication factor and a consistency mode.</summary>
public readonly record struct Quorum(int Read, int Write)
{
    public static Quorum For(int replicationFactor, ConsistencyMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        var read = (replicationFactor + 1) / 2;
        var write = replicationFactor + 1 - read;
        return mode switch
        {
            ConsistencyMode.Consistent => new Quorum(read, write),
            ConsistencyMode.Degraded => new Quorum(1, write),
            ConsistencyMode.Dangerous => new Quorum(1, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }
}
