using System.IO.Hashing;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// Where a replica-set grain (object, multipart upload) belongs right now: among the live nodes of its key's replica
/// set in the newest layout version, the one with the highest rendezvous score of (key, node). The placement director
/// uses it to place, and entity grains use it to notice that they run elsewhere (their preferred node came back, or
/// the layout changed) and migrate, so that load returns to where the data is (docs/cluster.md §4).
/// </summary>
public sealed class EntityPlacementCheck(NodeSiloMap nodes, ILayoutProvider layout, LocalNode local)
{
    /// <summary>How often an entity activation checks its placement (cheap: a hash per replica).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    /// <summary>The preferred live node of <paramref name="grainKey"/>, or null when no node of its replica set is live.</summary>
    public NodeId? PreferredLiveNode(string grainKey)
    {
        if (!PlacementKeys.TryGetPartition(grainKey, out var partition))
        {
            return null;
        }

        var active = nodes.ActiveNodes;
        return Preferred(System.Text.Encoding.UTF8.GetBytes(grainKey), layout.Current.NodesOf(partition), n => n == local.Id || active.ContainsKey(n));
    }

    /// <summary>
    /// True when a live node of the key's replica set is preferred over this one. False when this node is the
    /// preferred one, or when none of the replica set is live (then any node will do and moving gains nothing).
    /// </summary>
    public bool IsMisplacedHere(string grainKey) => PreferredLiveNode(grainKey) is { } preferred && preferred != local.Id;

    /// <summary>The rendezvous choice among <paramref name="replicas"/> that pass <paramref name="isLive"/>; ties go to the lower node id.</summary>
    internal static NodeId? Preferred(ReadOnlySpan<byte> key, IReadOnlyList<NodeId> replicas, Func<NodeId, bool> isLive)
    {
        NodeId? best = null;
        ulong bestScore = 0;
        foreach (var node in replicas)
        {
            if (!isLive(node))
            {
                continue;
            }

            var score = Score(key, node);
            if (best is null || score > bestScore || (score == bestScore && node.CompareTo(best.Value) < 0))
            {
                (best, bestScore) = (node, score);
            }
        }

        return best;
    }

    /// <summary>The rendezvous score of a key on a node.</summary>
    internal static ulong Score(ReadOnlySpan<byte> key, NodeId node) => XxHash3.HashToUInt64(key, unchecked((long)node.Value.W0));
}
