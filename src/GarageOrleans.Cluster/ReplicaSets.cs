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

    private static ReplicaSet SetOf(LayoutVersion version, byte partition) =>
        new(version.Number, version.Parameters.ReplicationFactor, version.Layout.NodesOf(partition));
}
