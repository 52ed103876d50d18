using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// How one node raises its own trackers (docs/cluster.md §2, Garage's ack / sync / sync-ack). Pure: the caller says
/// whether writes that ignored a version are still in flight on this node; every rule only ever raises a tracker.
/// </summary>
public static class LayoutProgress
{
    /// <summary>
    /// The history with <paramref name="self"/>'s trackers raised as far as this node can vouch for:
    /// <list type="number">
    /// <item><b>ack</b> to the current version once no local write that computed its replica sets without it is in
    ///   flight (<paramref name="writesInFlightBelow"/>(current) = 0);</item>
    /// <item><b>sync</b> to each newer version v that every node acknowledged (min ack ≥ v, so from now on every write
    ///   reaches v's replica sets too) and that gives this node nothing it did not already hold: every partition this
    ///   node stores in v it also stored in v − 1 (or v is the first version: no data existed before it). A version
    ///   that hands this node new partitions waits for the repair work to copy their data (a later issue), so reads
    ///   keep using the older version, which has the data;</item>
    /// <item><b>syncAck</b> to min(sync) over the current version's storage nodes, which retires (and later prunes)
    ///   the versions below it.</item>
    /// </list>
    /// </summary>
    public static LayoutHistory Advance(LayoutHistory history, NodeId self, Func<ulong, int> writesInFlightBelow)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(writesInFlightBelow);
        if (history.Current is not { } current)
        {
            return history;
        }

        var h = history;
        if (h.Trackers.Ack.GetValueOrDefault(self) < current.Number && writesInFlightBelow(current.Number) == 0)
        {
            h = h.AckUpTo(self, current.Number);
        }

        var synced = h.Trackers.Sync.GetValueOrDefault(self);
        var ackMin = h.AckMin;
        foreach (var version in h.Versions.Where(v => v.Number > synced && v.Number <= ackMin))
        {
            if (!HoldsNothingNew(h, version, self))
            {
                break;
            }

            h = h.SyncUpTo(self, version.Number);
        }

        var syncMin = h.SyncMin;
        if (h.Trackers.SyncAck.GetValueOrDefault(self) < syncMin)
        {
            h = h.SyncAckUpTo(self, syncMin);
        }

        return h;
    }

    /// <summary>True when every partition <paramref name="node"/> stores in <paramref name="version"/> it also stored in the version before.</summary>
    public static bool HoldsNothingNew(LayoutHistory history, LayoutVersion version, NodeId node)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(version);
        var previous = history.VersionOf(version.Number - 1);
        if (previous is null)
        {
            // The first version ever held: either the cluster's first (nothing to copy), or an older one was pruned,
            // which only happens once every node had synced past it.
            return true;
        }

        for (var p = 0; p < ClusterLayout.PartitionCount; p++)
        {
            var partition = (byte)p;
            if (version.Layout.NodesOf(partition).Contains(node) && !previous.Layout.NodesOf(partition).Contains(node))
            {
                return false;
            }
        }

        return true;
    }
}
