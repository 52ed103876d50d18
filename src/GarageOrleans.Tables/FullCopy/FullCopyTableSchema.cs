using GarageOrleans.Storage;
using Orleans.Serialization;

namespace GarageOrleans.Tables.FullCopy;

/// <summary>Told, inside the engine transaction that changes a row of a full-copy table, which row changed.</summary>
public interface IFullCopyListener
{
    /// <summary>
    /// Runs in the write transaction, after the merged row was put: <paramref name="tx"/> reads the bytes the
    /// transaction is about to commit. Must be quick and do no I/O beyond <paramref name="tx"/>.
    /// </summary>
    void RowChanged(IWriteTransaction tx, ReadOnlySpan<byte> key);
}

/// <summary>
/// A table every storage node holds whole (buckets, aliases, keys): one partition, partition key
/// <see cref="TableClient{TRow}.FullCopyPartitionKey"/>. Its merge hook tells the node-local caches
/// (<see cref="FullCopyCache{TRow, TValue}"/>) which row changed, so a node reads these rows locally and still never
/// serves a row older than the one it holds.
/// </summary>
public abstract class FullCopyTableSchema<TRow>(Serializer serializer) : TableSchema<TRow>(serializer)
    where TRow : class, Primitives.Crdt.ICrdt<TRow>
{
    private readonly Lock _gate = new();
    private IFullCopyListener[] _listeners = [];

    public sealed override TableReplication Replication => TableReplication.FullCopy;

    /// <summary>Adds a listener for the life of the process (caches are singletons).</summary>
    public void Subscribe(IFullCopyListener listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    protected override void OnUpdated(IWriteTransaction tx, ReadOnlySpan<byte> key, TRow? old, TRow incoming, TRow updated)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.RowChanged(tx, key);
        }
    }
}
