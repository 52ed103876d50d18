using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace GarageOrleans.Cluster.Placement;

/// <summary>Silo registration of node identity and of our placement strategies. Call both, on every silo.</summary>
public static class GaragePlacementExtensions
{
    /// <summary>
    /// Publishes this silo's node id (silo metadata <see cref="NodeSiloMap.NodeIdMetadataKey"/>, and the silo name
    /// <c>"garage-&lt;nodeIdHex&gt;"</c>, see <see cref="NodeSiloMap"/>) and registers <paramref name="local"/> as a
    /// singleton. Calls <c>UseSiloMetadata</c>: do not call it a second time elsewhere (it registers its services again).
    /// </summary>
    public static ISiloBuilder AddGarageNodeMetadata(this ISiloBuilder builder, LocalNode local)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(local);
        builder.UseSiloMetadata(new Dictionary<string, string> { [NodeSiloMap.NodeIdMetadataKey] = local.Id.ToHex() });
        builder.Configure<SiloOptions>(o => o.SiloName = NodeSiloMap.SiloNameFor(local.Id));
        builder.Services.TryAddSingleton(local);
        return builder;
    }

    /// <summary>
    /// Registers <see cref="NodePinnedPlacement"/>, <see cref="ReplicaSetPlacement"/> and the <see cref="NodeSiloMap"/>
    /// singleton. Needs <see cref="AddGarageNodeMetadata"/> and an <see cref="ILayoutProvider"/> singleton.
    /// </summary>
    public static ISiloBuilder AddGaragePlacement(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<NodeSiloMap>();
        builder.Services.TryAddSingleton<EntityPlacementCheck>();
        builder.AddPlacementDirector<NodePinnedPlacement, NodePinnedPlacementDirector>();
        builder.AddPlacementDirector<ReplicaSetPlacement, ReplicaSetPlacementDirector>();
        return builder;
    }
}
