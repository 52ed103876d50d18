using Orleans.Runtime.Placement;

namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// Director of <see cref="NodePinnedPlacement"/>. Ignores placement hints and the compatible-silo list: the named
/// node's silo is the only correct place (every silo runs the same grain classes), and the silo list lags membership
/// while a restarted silo's manifest propagates.
/// </summary>
internal sealed class NodePinnedPlacementDirector(NodeSiloMap nodes) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        if (!PlacementKeys.TryGetNode(key, out var node))
        {
            throw new ArgumentException(
                $"grain {target.GrainIdentity} uses node-pinned placement, so its key must start with a 64-hex node id and '/'");
        }

        return nodes.TryGetSilo(node, out var silo)
            ? Task.FromResult(silo)
            : throw new SiloUnavailableException($"node {node.ToHex()} (for grain {target.GrainIdentity}) has no active silo");
    }
}
