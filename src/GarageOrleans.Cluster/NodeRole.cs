using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>A node's role in a layout: its zone and capacity in bytes; a null capacity makes it a gateway.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeRole(
    [property: Id(0)] NodeId Node,
    [property: Id(1)] string Zone,
    [property: Id(2)] long? CapacityBytes)
{
    public bool IsGateway => CapacityBytes is null;
}
