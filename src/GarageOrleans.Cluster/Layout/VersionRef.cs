using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// The identity of a layout version: its number and its content hash. Two versions with one number and different
/// hashes are a divergence (docs/cluster.md §2), never silently the same version.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct VersionRef([property: Id(0)] ulong Number, [property: Id(1)] Hash32 ContentHash)
    : IComparable<VersionRef>
{
    public int CompareTo(VersionRef other)
    {
        var c = Number.CompareTo(other.Number);
        return c != 0 ? c : ContentHash.CompareTo(other.ContentHash);
    }

    public override string ToString() => $"v{Number}#{ContentHash}";
}
