using System.Buffers.Binary;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>
/// The version table: partition key = data version id; sort key empty (header) or 8-byte offset (block).
/// </summary>
/// <remarks>
/// Its hook keeps two node-local effects in step with the header rows: a header that becomes Deleted queues the
/// release of the version's blocks (so "release this data version" is one header write, whoever makes it), and a
/// header with an owner enters the <see cref="PendingTree"/> until the version is either released or found in use by
/// the upload repair worker.
/// </remarks>
public sealed class VersionTable(Serializer serializer) : TableSchema<VersionRow>(serializer)
{
    public const string TableName = "version";

    /// <summary>Data versions not yet judged by the upload repair worker: key = version id, value = created ms (u64 BE).</summary>
    public const string PendingTree = "version_pending";

    public override string Name => TableName;

    protected override byte FormatTag => 1;

    /// <summary>Marks a data version as settled: the repair worker found it in use, so it stops looking at it.</summary>
    public static void Settle(IWriteTransaction tx, VersionId version)
    {
        Span<byte> key = stackalloc byte[Hash32.Size];
        version.Value.WriteTo(key);
        tx.Delete(PendingTree, key);
    }

    protected override void OnUpdated(IWriteTransaction tx, ReadOnlySpan<byte> key, VersionRow? old, VersionRow incoming, VersionRow updated)
    {
        if (key.Length != Hash32.Size)
        {
            return; // a block entry
        }

        if (updated.Deleted)
        {
            if (old is not { Deleted: true })
            {
                ReleaseQueue.Enqueue(tx, new VersionId(new Hash32(key)));
                tx.Delete(PendingTree, key);
            }

            return;
        }

        if (updated.Owner is { } owner && old?.Owner is null)
        {
            Span<byte> created = stackalloc byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64BigEndian(created, owner.CreatedMs);
            tx.Put(PendingTree, key, created);
        }
    }
}
