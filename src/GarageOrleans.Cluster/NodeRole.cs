using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>A node's role in a layout: its zone and capacity in bytes; a null capacity makes it a gateway.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeRole(
    [property: Id(0)] NodeId Node,
    [property: Id(1)] string Zone,
    [property: Id(2)] long? CapacityBytes) : IComparable<NodeRole>
{
    public bool IsGateway => CapacityBytes is null;

    /// <summary>
    /// A total order (node, then zone ordinally, then capacity with gateways first), so that two roles staged for one
    /// node with the same timestamp resolve the same way on every node (<c>Lww</c> keeps the greater value).
    /// </summary>
    public int CompareTo(NodeRole? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Node.CompareTo(other.Node);
        if (c == 0)
        {
            c = string.CompareOrdinal(Zone, other.Zone);
        }

        return c != 0 ? c : Nullable.Compare(CapacityBytes, other.CapacityBytes);
    }
}
