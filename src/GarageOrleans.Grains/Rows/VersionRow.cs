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

    /// <summary>
    /// Deleted wins; the block entry is the greater (hash, size) pair, null hash first. A block entry is written with
    /// one content, but two copies that disagree must still merge to one answer whatever the order: taking hash and
    /// size from different rules (as before) made the size depend on which copy came first.
    /// </summary>
    public VersionRow Merge(VersionRow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = Nullable.Compare(Hash, other.Hash);
        var entry = c > 0 || (c == 0 && Size >= other.Size) ? this : other;
        return entry.Deleted == (Deleted || other.Deleted) ? entry : entry with { Deleted = true };
    }
}
