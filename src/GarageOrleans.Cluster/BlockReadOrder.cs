using GarageOrleans.Cluster.Layout;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>
/// The order in which a node asks other nodes for a block (docs/cluster.md §3 and §5). Pure, so it is unit-tested
/// without Orleans. The caller reads its own disk first and skips nodes membership says are down.
/// </summary>
public static class BlockReadOrder
{
    /// <summary>
    /// Nodes other than <paramref name="self"/> that may hold a block of <paramref name="partition"/>, best first: the
    /// read version's replicas (same zone as <paramref name="selfZone"/> first: a nearer copy answers sooner and costs
    /// no inter-site bandwidth), then the replicas of every other held version, newest first, retired ones included,
    /// because data may not have moved to the newer nodes yet and new blocks go to the newest nodes at once. Each
    /// node appears once, at its best place.
    /// </summary>
    public static IReadOnlyList<NodeId> Candidates(LayoutHistory history, byte partition, NodeId self, string? selfZone)
    {
        ArgumentNullException.ThrowIfNull(history);
        var read = history.ReadVersion;
        if (read is null)
        {
            return [];
        }

        var current = history.Current!.Layout;
        var order = new List<NodeId>();
        var seen = new HashSet<NodeId> { self };
        IEnumerable<LayoutVersion> versions = [read, .. history.Versions.Where(v => v.Number != read.Number).OrderByDescending(v => v.Number)];
        foreach (var version in versions)
        {
            var nodes = version.Layout.NodesOf(partition).Where(seen.Add).ToList();
            string? ZoneOf(NodeId node) => (current.RoleOf(node) ?? version.Layout.RoleOf(node))?.Zone;

            // Stable: within "same zone" and "other zones" the layout's order is kept.
            order.AddRange(nodes.Where(n => selfZone is not null && ZoneOf(n) == selfZone));
            order.AddRange(nodes.Where(n => selfZone is null || ZoneOf(n) != selfZone));
        }

        return order;
    }
}
