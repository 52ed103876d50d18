namespace GarageOrleans.Cluster;

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
