using Orleans.Placement;

namespace GarageOrleans.Cluster.Placement;

/// <summary>Marks a grain class for <see cref="NodePinnedPlacement"/>; its key must be <c>"&lt;nodeIdHex&gt;/…"</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePinnedAttribute() : PlacementAttribute(NodePinnedPlacement.Singleton);
