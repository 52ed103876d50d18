using System.Collections.Immutable;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// Garage's three update trackers, node → layout version number (docs/cluster.md §2): <see cref="Ack"/> (no write in
/// flight on the node ignores that version), <see cref="Sync"/> (the node holds everything older versions' replicas
/// acknowledged) and <see cref="SyncAck"/> (the node has seen every node synced to that version). Each only grows;
/// merge is the per-node maximum.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LayoutTrackers(
    [property: Id(0)] ImmutableSortedDictionary<NodeId, ulong> Ack,
    [property: Id(1)] ImmutableSortedDictionary<NodeId, ulong> Sync,
    [property: Id(2)] ImmutableSortedDictionary<NodeId, ulong> SyncAck) : ICrdt<LayoutTrackers>
{
    public static LayoutTrackers Empty { get; } = new(
        ImmutableSortedDictionary<NodeId, ulong>.Empty, ImmutableSortedDictionary<NodeId, ulong>.Empty, ImmutableSortedDictionary<NodeId, ulong>.Empty);

    public LayoutTrackers WithAck(NodeId node, ulong version) => this with { Ack = Raise(Ack, node, version) };

    public LayoutTrackers WithSync(NodeId node, ulong version) => this with { Sync = Raise(Sync, node, version) };

    public LayoutTrackers WithSyncAck(NodeId node, ulong version) => this with { SyncAck = Raise(SyncAck, node, version) };

    public LayoutTrackers Merge(LayoutTrackers other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new LayoutTrackers(Max(Ack, other.Ack), Max(Sync, other.Sync), Max(SyncAck, other.SyncAck));
    }

    /// <summary>
    /// The smallest entry among <paramref name="nodes"/>; a node without an entry counts as <paramref name="missing"/>
    /// (the oldest version still held, as Garage does), so a node that joins later cannot pull the minimum below
    /// versions that were already retired.
    /// </summary>
    public static ulong MinAmong(ImmutableSortedDictionary<NodeId, ulong> tracker, IEnumerable<NodeId> nodes, ulong missing)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(nodes);
        return nodes.Select(n => tracker.GetValueOrDefault(n, missing)).DefaultIfEmpty(missing).Min();
    }

    public bool Equals(LayoutTrackers? other) =>
        other is not null && Ack.SequenceEqual(other.Ack) && Sync.SequenceEqual(other.Sync) && SyncAck.SequenceEqual(other.SyncAck);

    public override int GetHashCode() => HashCode.Combine(Ack.Count, Sync.Count, SyncAck.Count);

    private static ImmutableSortedDictionary<NodeId, ulong> Raise(ImmutableSortedDictionary<NodeId, ulong> tracker, NodeId node, ulong version) =>
        tracker.TryGetValue(node, out var old) && old >= version ? tracker : tracker.SetItem(node, version);

    private static ImmutableSortedDictionary<NodeId, ulong> Max(ImmutableSortedDictionary<NodeId, ulong> a, ImmutableSortedDictionary<NodeId, ulong> b)
    {
        var result = a;
        foreach (var (node, version) in b)
        {
            result = Raise(result, node, version);
        }

        return result;
    }
}
