using GarageOrleans.Cluster.Layout;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>
/// Which replicas a request uses while the layout may be changing (docs/cluster.md §3, Garage's write sets and read
/// version). Pure functions of a <see cref="LayoutHistory"/>, so every node that holds the same history makes the
/// same choice.
/// </summary>
public static class ReplicaSets
{
    /// <summary>
    /// One replica set per active version, oldest first: a write must reach the write quorum of each, so that both
    /// the nodes readers still use (older versions) and the nodes that will own the data (newer ones) hold it.
    /// Empty for an empty history.
    /// </summary>
    public static IReadOnlyList<ReplicaSet> WriteSets(LayoutHistory history, byte partition)
    {
        ArgumentNullException.ThrowIfNull(history);
        return [.. history.ActiveVersions.Select(v => SetOf(v, partition))];
    }

    /// <summary>
    /// The replica set of the read version: the newest version every storage node has synced, so a read quorum there
    /// overlaps the write quorum of every write acknowledged before (writes also went to that version). Null for an
    /// empty history.
    /// </summary>
    public static ReplicaSet? ReadSet(LayoutHistory history, byte partition)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.ReadVersion is { } v ? SetOf(v, partition) : null;
    }

    /// <summary>The distinct nodes of all <paramref name="sets"/>: a write is sent to all of them at once.</summary>
    public static IReadOnlyList<NodeId> AllNodes(IEnumerable<ReplicaSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        return [.. sets.SelectMany(s => s.Nodes).Distinct().Order()];
    }

    /// <summary>
    /// True when, in every set, at least <c>Quorum.For(set's replication factor, mode).Write</c> of its nodes are in
    /// <paramref name="acked"/> (Garage's <c>try_write_many_sets</c>). A node in several sets counts in each. False for
    /// no sets: a write with nowhere to go has not succeeded.
    /// </summary>
    public static bool WriteQuorumReached(IReadOnlyList<ReplicaSet> sets, IReadOnlySet<NodeId> acked, ConsistencyMode mode)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(acked);
        return sets.Count > 0 && sets.All(s => s.Nodes.Count(acked.Contains) >= Quorum.For(s.ReplicationFactor, mode).Write);
    }

    /// <summary>True when at least <c>Quorum.For(rf, mode).Read</c> nodes of the read set answered.</summary>
    public static bool ReadQuorumReached(ReplicaSet set, IReadOnlySet<NodeId> answered, ConsistencyMode mode)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(answered);
        return set.Nodes.Count(answered.Contains) >= Quorum.For(set.ReplicationFactor, mode).Read;
    }

    /// <summary>
    /// False once the write can no longer succeed: some set has fewer nodes outside <paramref name="failed"/> than its
    /// write quorum. The coordinator then fails at once instead of waiting for the answers still outstanding.
    /// </summary>
    public static bool WriteQuorumPossible(IReadOnlyList<ReplicaSet> sets, IReadOnlySet<NodeId> failed, ConsistencyMode mode)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(failed);
        return sets.Count > 0 && sets.All(s => s.Nodes.Count(n => !failed.Contains(n)) >= Quorum.For(s.ReplicationFactor, mode).Write);
    }

    /// <summary>False once fewer nodes of the read set than its read quorum are left outside <paramref name="failed"/>.</summary>
    public static bool ReadQuorumPossible(ReplicaSet set, IReadOnlySet<NodeId> failed, ConsistencyMode mode)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(failed);
        return set.Nodes.Count(n => !failed.Contains(n)) >= Quorum.For(set.ReplicationFactor, mode).Read;
    }

    /// <summary>
    /// The replica set of a full-copy table (buckets, keys, aliases): every storage node of the newest version, with
    /// the node count as its replication factor, so <see cref="Quorum.For"/> gives W = ⌊n/2⌋+1 and R = ⌈n/2⌉
    /// (R + W = n + 1 &gt; n: every read quorum meets every write quorum). Null for an empty history.
    /// </summary>
    public static ReplicaSet? FullCopySet(LayoutHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Current is { Layout.IsEmpty: false } v ? new ReplicaSet(v.Number, v.Layout.StorageNodes.Count, v.Layout.StorageNodes) : null;
    }

    private static ReplicaSet SetOf(LayoutVersion version, byte partition) =>
        new(version.Number, version.Parameters.ReplicationFactor, version.Layout.NodesOf(partition));
}
