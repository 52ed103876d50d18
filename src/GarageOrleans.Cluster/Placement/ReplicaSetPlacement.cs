namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// Places a grain keyed <c>"&lt;partitionKeyHashHex&gt;[/…]"</c> on a live node of its partition's replica set in the
/// current layout, chosen by a hash of the whole key so that the keys of one bucket spread over the replica set; on any
/// live silo when no replica node is alive. For entity grains (object, multipart upload) that do quorum I/O through the
/// replica grains and are cheapest next to one replica.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class ReplicaSetPlacement : PlacementStrategy
{
    public static ReplicaSetPlacement Singleton { get; } = new();
}
