using Microsoft.Extensions.DependencyInjection;

namespace GarageOrleans.Grains.Node;

public static class LayoutServiceCollectionExtensions
{
    /// <summary>
    /// The layout's spreading between nodes: the exchange used by the coordinator grain and the gossip worker. Needs
    /// the <see cref="Cluster.LayoutStore"/>, the local node and the node/silo map (AddGarageNodeMetadata) in DI.
    /// </summary>
    public static IServiceCollection AddGarageLayoutGossip(this IServiceCollection services)
    {
        services.AddSingleton<LayoutExchange>();
        services.AddHostedService<LayoutGossipService>();
        return services;
    }
}
