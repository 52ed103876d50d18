using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// A version's place in its object row: (timestamp, id), compared in that order. Fixed for a version's whole life,
/// which is what lets <see cref="ObjectRow.Floor"/> drop versions by key alone.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct VersionKey([property: Id(0)] ulong Timestamp, [property: Id(1)] VersionId Id) : IComparable<VersionKey>
{
    public int CompareTo(VersionKey other)
    {
        var c = Timestamp.CompareTo(other.Timestamp);
        return c != 0 ? c : Id.CompareTo(other.Id);
    }

    public static VersionKey? Max(VersionKey? a, VersionKey? b) =>
        a is not { } x ? b : b is not { } y ? a : x.CompareTo(y) >= 0 ? x : y;
}
