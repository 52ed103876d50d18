using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// A row of the block_ref table: partition key = block hash, sort key = data version id. It lives on the nodes that
/// store the block, so the block's refcount is a local effect of these rows. Deleted wins.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BlockRefRow([property: Id(0)] bool Deleted) : ICrdt<BlockRefRow>
{
    public static readonly BlockRefRow Live = new(false);
    public static readonly BlockRefRow Tombstone = new(true);

    public BlockRefRow Merge(BlockRefRow other) => Deleted || other.Deleted ? Tombstone : Live;
}
