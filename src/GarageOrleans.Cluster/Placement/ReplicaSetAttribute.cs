using Orleans.Placement;

namespace GarageOrleans.Cluster.Placement;

/// <summary>Marks a grain class for <see cref="ReplicaSetPlacement"/>; its key must start with a 64-hex partition-key hash.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ReplicaSetAttribute() : PlacementAttribute(ReplicaSetPlacement.Singleton);
