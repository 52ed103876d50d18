using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// A row of the version table. Partition key: the data version id; sort key empty for the header row (which only
/// carries <see cref="Deleted"/>), or the 8-byte big-endian offset for one block entry. One row per block keeps an
/// upload O(n): no block list is rewritten per block (Garage #662).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VersionRow(
    [property: Id(0)] bool Deleted,
    [property: Id(1)] BlockHash? Hash,
    [property: Id(2)] int Size) : ICrdt<VersionRow>
{
    public static readonly VersionRow DeletedHeader = new(true, null, 0);

    public VersionRow Merge(VersionRow other)
    {
        // A block entry is written with one content; take the greater hash only to stay deterministic.
        var hash = Hash is null ? other.Hash : other.Hash is null ? Hash : Hash.Value.CompareTo(other.Hash.Value) >= 0 ? Hash : other.Hash;
        var size = Hash == hash ? Size : other.Size;
        return new VersionRow(Deleted || other.Deleted, hash, size);
    }
}
