namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// How many distinct zones each partition must span (Garage's <c>zone_redundancy</c>): <see cref="Maximum"/> =
/// min(#zones, replication factor), or at least <see cref="AtLeast"/> zones.
/// The assignment (<c>LayoutAssignment</c>) always spreads a partition over min(#zones, rf) zones, which satisfies
/// every valid AtLeast(n) too (n ≤ that number); AtLeast(n) is carried so the parameter survives in the history, but
/// today it only adds a check at apply time and never buys the extra capacity a weaker rule could give.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct ZoneRedundancy([property: Id(0)] int AtLeast) : IComparable<ZoneRedundancy>
{
    /// <summary>Spread over as many zones as the replication factor and the zones allow (AtLeast = 0 encodes it).</summary>
    public static ZoneRedundancy Maximum => default;

    public bool IsMaximum => AtLeast == 0;

    public static ZoneRedundancy AtLeastZones(int zones)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zones, 1);
        return new ZoneRedundancy(zones);
    }

    public int CompareTo(ZoneRedundancy other) => AtLeast.CompareTo(other.AtLeast);

    public override string ToString() => IsMaximum ? "maximum" : $"at least {AtLeast}";
}
