namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// Places a grain keyed <c>"&lt;nodeIdHex&gt;/…"</c> on the silo that hosts that node, and nowhere else: when the
/// node has no active silo the call fails with <c>SiloUnavailableException</c>. For grains that own one node's local
/// data (replica grains, the block grain, the node grain).
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class NodePinnedPlacement : PlacementStrategy
{
    public static NodePinnedPlacement Singleton { get; } = new();
}
