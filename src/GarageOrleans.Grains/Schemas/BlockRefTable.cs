using GarageOrleans.Blocks;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>
/// The block_ref table: partition key = block hash, sort key = data version id. Placed like the block itself, so its
/// hook keeps the node-local refcount in the same transaction as the row.
/// </summary>
public sealed class BlockRefTable(Serializer serializer, TimeProvider clock) : TableSchema<BlockRefRow>(serializer)
{
    public const string TableName = "block_ref";

    public override string Name => TableName;

    protected override byte FormatTag => 1;

    protected override void OnUpdated(IWriteTransaction tx, ReadOnlySpan<byte> key, BlockRefRow? old, BlockRefRow incoming, BlockRefRow updated)
    {
        var hash = new BlockHash(new Hash32(key[..Hash32.Size]));
        if (old is null && !updated.Deleted)
        {
            BlockRefcounts.Increment(tx, hash);
        }
        else if (old is { Deleted: false } && updated.Deleted)
        {
            BlockRefcounts.Decrement(tx, hash, Timestamps.Now(clock));
        }
    }
}
