namespace GarageOrleans.Cluster;

/// <summary>The layout this node currently applies. Reads are cheap (a field read); safe from any thread.</summary>
public interface ILayoutProvider
{
    ClusterLayout Current { get; }
}
