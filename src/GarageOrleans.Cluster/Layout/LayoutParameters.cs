namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// The parameters of a layout version, staged and applied like roles (DESIGN §5: the replication factor is a layout
/// parameter; <c>Cluster:ReplicationFactor</c> only seeds the first layout).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LayoutParameters(
    [property: Id(0)] int ReplicationFactor,
    [property: Id(1)] ZoneRedundancy ZoneRedundancy) : IComparable<LayoutParameters>
{
    /// <summary>A total order, so that two parameter sets staged with one timestamp resolve alike on every node.</summary>
    public int CompareTo(LayoutParameters? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = ReplicationFactor.CompareTo(other.ReplicationFactor);
        return c != 0 ? c : ZoneRedundancy.CompareTo(other.ZoneRedundancy);
    }

    public override string ToString() => $"rf {ReplicationFactor}, zone redundancy {ZoneRedundancy}";
}
