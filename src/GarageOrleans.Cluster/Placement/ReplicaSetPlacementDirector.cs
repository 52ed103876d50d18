using System.IO.Hashing;
using GarageOrleans.Primitives;
using Orleans.Runtime.Placement;

namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// Director of <see cref="ReplicaSetPlacement"/>: among the live nodes of the key's replica set, the one with the
/// highest hash of (key, node) (rendezvous hashing): deterministic on every silo, spreads the keys of one partition
/// over its replica set, and when a node dies only the keys it held move. Placement hints are ignored.
/// </summary>
internal sealed class ReplicaSetPlacementDirector(NodeSiloMap nodes, ILayoutProvider layout) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key;
        if (!PlacementKeys.TryGetPartition(key.ToString(), out var partition))
        {
            throw new ArgumentException(
                $"grain {target.GrainIdentity} uses replica-set placement, so its key must start with a 64-hex partition-key hash");
        }

        var bytes = key.AsSpan();
        NodeId? best = null;
        ulong bestScore = 0;
        SiloAddress? bestSilo = null;
        foreach (var node in layout.Current.NodesOf(partition))
        {
            if (!nodes.TryGetSilo(node, out var silo))
            {
                continue;
            }

            var score = Score(bytes, node);
            if (best is null || score > bestScore || (score == bestScore && node.CompareTo(best.Value) < 0))
            {
                (best, bestScore, bestSilo) = (node, score, silo);
            }
        }

        return Task.FromResult(bestSilo ?? Fallback(bytes, target, context));
    }

    /// <summary>The rendezvous score of a key on a node (exposed for tests and for grains that check their placement).</summary>
    internal static ulong Score(ReadOnlySpan<byte> key, NodeId node) => XxHash3.HashToUInt64(key, unchecked((long)node.Value.W0));

    /// <summary>No replica node alive (or no layout yet): any compatible silo, chosen by the key among a sorted list.</summary>
    private static SiloAddress Fallback(ReadOnlySpan<byte> key, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0)
        {
            throw new SiloUnavailableException($"no compatible silo for grain {target.GrainIdentity}");
        }

        var sorted = silos.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        return sorted[(int)(XxHash3.HashToUInt64(key) % (ulong)sorted.Length)];
    }
}
