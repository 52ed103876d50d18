using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// A row of the version table. Partition key: the data version id; sort key empty for the header row (its
/// <see cref="Owner"/>, written before any block, and <see cref="Deleted"/> once the version's blocks are released),
/// or the 8-byte big-endian offset for one block entry. One row per block keeps an upload O(n): no block list is
/// rewritten per block (Garage #662).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VersionRow(
    [property: Id(0)] bool Deleted,
    [property: Id(1)] BlockHash? Hash,
    [property: Id(2)] int Size,
    [property: Id(3)] VersionOwner? Owner = null) : ICrdt<VersionRow>
{
    public static readonly VersionRow DeletedHeader = new(true, null, 0);

    /// <summary>The header row of a data version that is being written (not deleted).</summary>
    public static VersionRow Header(VersionOwner owner) => new(false, null, 0, owner);

    /// <summary>
    /// Three independent joins: Deleted wins; the block entry is the greater (hash, size) pair, null hash first; the
    /// owner is the greater one, null first. A block entry and an owner are each written with one content, but two
    /// copies that disagree must still merge to one answer whatever the order: taking hash and size from different
    /// rules (as before) made the size depend on which copy came first.
    /// </summary>
    public VersionRow Merge(VersionRow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = Nullable.Compare(Hash, other.Hash);
        var entry = c > 0 || (c == 0 && Size >= other.Size) ? this : other;
        var owner = Owner is null ? other.Owner : other.Owner is null ? Owner : Owner.CompareTo(other.Owner) >= 0 ? Owner : other.Owner;
        return new VersionRow(Deleted || other.Deleted, entry.Hash, entry.Size, owner);
    }
}
