using GarageOrleans.Cluster;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Storage;

namespace GarageOrleans.Tables;

/// <summary>
/// Quorum reads and writes of one table (Garage's table.rs insert/get/get_range). Writes go to every replica of the
/// partition at once and return at the write quorum (the rest finish in the background); reads ask every replica,
/// merge the first read-quorum answers and repair replicas that answered something older.
/// </summary>
public sealed class TableClient<TRow>(
    TableSchema<TRow> schema,
    IGrainFactory grains,
    ILayoutProvider layout,
    TableClientOptions options)
    where TRow : class, ICrdt<TRow>
{
    /// <summary>The partition key of full-copy tables (their one partition is partition 0).</summary>
    public static readonly Hash32 FullCopyPartitionKey = default;

    public TableSchema<TRow> Schema => schema;

    public Task InsertAsync(Hash32 partitionKey, ReadOnlySpan<byte> sortKey, TRow row) =>
        InsertEncodedAsync(partitionKey, [new TableRow(FullKey(partitionKey, sortKey), schema.Encode(row))]);

    /// <summary>Inserts rows that may belong to several partitions: one batched call per partition and replica.</summary>
    public Task InsertManyAsync(IEnumerable<(Hash32 PartitionKey, byte[] SortKey, TRow Row)> rows) =>
        Task.WhenAll(rows
            .GroupBy(r => PartitionOf(r.PartitionKey))
            .Select(g => InsertEncodedAsync(
                g.First().PartitionKey,
                [.. g.Select(r => new TableRow(FullKey(r.PartitionKey, r.SortKey), schema.Encode(r.Row)))])));

    public async Task<TRow?> GetAsync(Hash32 partitionKey, byte[] sortKey)
    {
        var key = FullKey(partitionKey, sortKey);
        var (nodes, quorum) = Replicas(partitionKey);
        var answers = await QuorumAsync(nodes, quorum.Read, n => Replica(n, partitionKey).GetAsync(key), "read");

        byte[]? merged = null;
        foreach (var (_, value) in answers)
        {
            merged = value is null ? merged : merged is null ? value : schema.Merge(merged, value);
        }

        if (merged is not null && answers.Any(a => a.Value is null || !a.Value.AsSpan().SequenceEqual(merged)))
        {
            RepairInBackground(partitionKey, answers.Select(a => a.Node), new TableRow(key, merged));
        }

        return merged is null ? null : schema.Decode(merged);
    }

    /// <summary>
    /// Rows of one partition key with sort keys in [<paramref name="startSort"/>, <paramref name="endSort"/>) (null end
    /// = every sort key), merged over a read quorum. <c>More</c> is true when a replica stopped at the limit: the caller
    /// continues after the last returned key. Rows past the point where a truncated replica stopped are left out, so
    /// no key is skipped.
    /// </summary>
    public async Task<(IReadOnlyList<(byte[] SortKey, TRow Row)> Rows, bool More)> RangeAsync(
        Hash32 partitionKey, byte[]? startSort, byte[]? endSort, int limit, bool reverse = false)
    {
        var prefix = partitionKey.ToArray();
        var start = startSort is null ? prefix : [.. prefix, .. startSort];
        var end = endSort is null ? RangeQuery.PrefixEnd(prefix) : [.. prefix, .. endSort];
        var (nodes, quorum) = Replicas(partitionKey);
        var answers = await QuorumAsync(
            nodes, quorum.Read, n => Replica(n, partitionKey).RangeAsync(start, end, limit, reverse), "range read");

        var comparer = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));
        var merged = new SortedDictionary<byte[], byte[]>(comparer);
        byte[]? cutoff = null;
        foreach (var (_, rows) in answers)
        {
            foreach (var row in rows)
            {
                merged[row.Key] = merged.TryGetValue(row.Key, out var existing) ? schema.Merge(existing, row.Value) : row.Value;
            }

            if (rows.Count >= limit && rows.Count > 0)
            {
                var last = rows[^1].Key;
                if (cutoff is null || (reverse ? comparer.Compare(last, cutoff) > 0 : comparer.Compare(last, cutoff) < 0))
                {
                    cutoff = last;
                }
            }
        }

        IEnumerable<KeyValuePair<byte[], byte[]>> ordered = reverse ? merged.Reverse() : merged;
        if (cutoff is not null)
        {
            ordered = ordered.TakeWhile(kv => reverse ? comparer.Compare(kv.Key, cutoff) >= 0 : comparer.Compare(kv.Key, cutoff) <= 0);
        }

        var result = ordered.Take(limit).Select(kv => (kv.Key[Hash32.Size..], schema.Decode(kv.Value))).ToList();
        return (result, cutoff is not null);
    }

    /// <summary>
    /// Every row of one partition key from <paramref name="startSort"/> (inclusive) on, in order, read page by page
    /// through <see cref="RangeAsync"/> (each page at read quorum).
    /// </summary>
    public async IAsyncEnumerable<(byte[] SortKey, TRow Row)> ScanAsync(Hash32 partitionKey, byte[]? startSort = null, int pageSize = 1000)
    {
        var start = startSort;
        while (true)
        {
            var (rows, more) = await RangeAsync(partitionKey, start, null, pageSize);
            foreach (var row in rows)
            {
                yield return row;
            }

            if (rows.Count == 0 || (!more && rows.Count < pageSize))
            {
                yield break;
            }

            start = [.. rows[^1].SortKey, 0]; // the smallest key after the last one returned
        }
    }

    private async Task InsertEncodedAsync(Hash32 partitionKey, TableRow[] rows)
    {
        var (nodes, quorum) = Replicas(partitionKey);
        await QuorumAsync(nodes, quorum.Write, async n =>
        {
            await Replica(n, partitionKey).InsertAsync(rows);
            return true;
        }, "write");
    }

    private void RepairInBackground(Hash32 partitionKey, IEnumerable<NodeId> answered, TableRow row)
    {
        var (nodes, _) = Replicas(partitionKey);
        foreach (var node in nodes)
        {
            // Fire and forget: a failed repair is redone by the next read or by anti-entropy.
            _ = Replica(node, partitionKey).InsertAsync([row]).WaitAsync(options.ReplicaCallTimeout)
                .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private async Task<List<(NodeId Node, T Value)>> QuorumAsync<T>(
        IReadOnlyList<NodeId> nodes, int needed, Func<NodeId, Task<T>> call, string what)
    {
        var pending = nodes.Select(n => (Node: n, Task: call(n).WaitAsync(options.ReplicaCallTimeout))).ToList();
        var results = new List<(NodeId, T)>(needed);
        var errors = new List<Exception>();
        while (results.Count < needed)
        {
            if (pending.Count == 0 || errors.Count > nodes.Count - needed)
            {
                throw new QuorumException(
                    $"table {schema.Name}: {what} quorum not reached ({results.Count}/{needed} of {nodes.Count} replicas)", errors);
            }

            var done = await Task.WhenAny(pending.Select(p => p.Task));
            var index = pending.FindIndex(p => p.Task == done);
            var (node, task) = pending[index];
            pending.RemoveAt(index);
            try
            {
                results.Add((node, await task));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add(e);
            }
        }

        return results;
    }

    private (IReadOnlyList<NodeId> Nodes, Quorum Quorum) Replicas(Hash32 partitionKey)
    {
        var current = layout.Current;
        if (current.IsEmpty)
        {
            // No replica anywhere (a cluster member before its first layout): say so, rather than fail on a quorum of 0.
            throw new NoLayoutException();
        }

        var nodes = schema.Replication == TableReplication.FullCopy ? current.StorageNodes : current.NodesOf(partitionKey.FirstByte);
        return (nodes, Quorum.For(nodes.Count, options.ConsistencyMode));
    }

    private byte PartitionOf(Hash32 partitionKey) =>
        schema.Replication == TableReplication.FullCopy ? (byte)0 : partitionKey.FirstByte;

    private ITableReplicaGrain Replica(NodeId node, Hash32 partitionKey) =>
        grains.GetGrain<ITableReplicaGrain>(ReplicaGrainKey.Of(node, schema.Name, PartitionOf(partitionKey)));

    private byte[] FullKey(Hash32 partitionKey, ReadOnlySpan<byte> sortKey)
    {
        if (schema.Replication == TableReplication.FullCopy && partitionKey != FullCopyPartitionKey)
        {
            throw new ArgumentException($"full-copy table {schema.Name} has a single partition key", nameof(partitionKey));
        }

        var key = new byte[Hash32.Size + sortKey.Length];
        partitionKey.WriteTo(key);
        sortKey.CopyTo(key.AsSpan(Hash32.Size));
        return key;
    }
}
