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

    public VersionRow Merge(VersionRow other)
    {
        // A block entry is written with one content; take the greater hash only to stay deterministic.
        var hash = Hash is null ? other.Hash : other.Hash is null ? Hash : Hash.Value.CompareTo(other.Hash.Value) >= 0 ? Hash : other.Hash;
        var size = Hash == hash ? Size : other.Size;
        var owner = Owner is null ? other.Owner : other.Owner is null ? Owner : Owner.CompareTo(other.Owner) >= 0 ? Owner : other.Owner;
        return new VersionRow(Deleted || other.Deleted, hash, size, owner);
    }
}
