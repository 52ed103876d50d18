using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Storage;
using Orleans.Concurrency;

namespace GarageOrleans.Tables;

/// <summary>
/// Reentrant on purpose: every read-merge-write runs inside one engine write body (atomic on the engine's single
/// writer), so interleaving calls cannot lose an update, and concurrent inserts share a group commit instead of
/// queueing behind each other's fsync.
/// </summary>
[Reentrant]
[NodePinned]
internal sealed class TableReplicaGrain(IMetadataEngine engine, TableRegistry registry, LocalNode local) : Grain, ITableReplicaGrain
{
    private ITableSchema _schema = null!;
    private byte _partition;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();

        // A stale cache routed the activation here: never touch this node's data for another node's replica.
        NodePinning.EnsurePlaced(this, key, local.Id, "replica");

        var (_, table, partition) = ReplicaGrainKey.Parse(key);
        _schema = registry.Get(table);
        _partition = partition;
        return Task.CompletedTask;
    }

    async Task ITableReplicaGrain.InsertAsync(IReadOnlyList<TableRow> rows)
    {
        foreach (var row in rows)
        {
            CheckPartition(row.Key);
        }

        var schema = _schema;
        await engine.WriteAsync(tx =>
        {
            foreach (var row in rows)
            {
                var stored = tx.Get(schema.Name, row.Key);
                var merged = stored is null ? row.Value : schema.Merge(stored, row.Value);
                if (stored is not null && merged.AsSpan().SequenceEqual(stored))
                {
                    continue; // unchanged: no write, no hook (Garage writes only when the encoding changes)
                }

                tx.Put(schema.Name, row.Key, merged);
                schema.Updated(tx, row.Key, stored, row.Value, merged);
            }

            return rows.Count;
        });
    }

    async Task<byte[]?> ITableReplicaGrain.GetAsync(byte[] key)
    {
        CheckPartition(key);
        return await engine.GetAsync(_schema.Name, key);
    }

    async Task<IReadOnlyList<TableRow>> ITableReplicaGrain.RangeAsync(byte[] start, byte[]? end, int limit, bool reverse)
    {
        CheckPartition(start);
        var rows = await engine.RangeAsync(_schema.Name, new RangeQuery(start, end ?? PartitionEnd(), limit, reverse));
        return [.. rows.Select(r => new TableRow(r.Key, r.Value))];
    }

    private byte[]? PartitionEnd() => _partition == 0xFF ? null : [(byte)(_partition + 1)];

    private void CheckPartition(byte[] key)
    {
        if (_schema.Replication == TableReplication.Sharded && (key.Length == 0 || key[0] != _partition))
        {
            throw new ArgumentException($"key of partition {(key.Length == 0 ? -1 : key[0])} sent to replica of partition {_partition}");
        }
    }
}
