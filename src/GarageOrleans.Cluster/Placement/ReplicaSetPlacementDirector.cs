using System.IO.Hashing;
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
        var best = EntityPlacementCheck.Preferred(bytes, layout.Current.NodesOf(partition), n => nodes.TryGetSilo(n, out _));
        return Task.FromResult(best is { } node && nodes.TryGetSilo(node, out var silo) ? silo : Fallback(bytes, target, context));
    }

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
