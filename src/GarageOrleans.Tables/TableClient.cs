using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Storage;

namespace GarageOrleans.Tables;

/// <summary>
/// Quorum reads and writes of one table (Garage's table.rs insert/get/get_range) across layout versions
/// (docs/cluster.md §3). Writes go at once to the union of the partition's write sets (one per active version) and
/// return when the write quorum of every set is reached (the rest finish in the background); reads ask the read
/// version's replicas, merge the first read-quorum answers and repair the replicas that answered something else,
/// late answers included. A node the silo's <see cref="NodeSiloMap"/> does not list as active is not called: it
/// counts as a failed answer at once (without a map, in tests without a silo, every node is called), and a request
/// fails with <see cref="QuorumException"/> as soon as its quorum has become impossible, without waiting for the
/// other answers.
/// </summary>
public sealed class TableClient<TRow>(
    TableSchema<TRow> schema,
    IGrainFactory grains,
    ILayoutProvider layout,
    TableClientOptions options,
    NodeSiloMap? nodes = null)
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
        var set = ReadSet(partitionKey);
        var (answers, late) = await ReadQuorumAsync(set, n => Replica(n, partitionKey).GetAsync(key), "read");

        byte[]? merged = null;
        foreach (var (_, value) in answers)
        {
            merged = value is null ? merged : merged is null ? value : schema.Merge(merged, value);
        }

        if (merged is not null)
        {
            var row = new TableRow(key, merged);
            Repair(partitionKey, answers.Where(a => a.Value is null || !a.Value.AsSpan().SequenceEqual(merged)).Select(a => a.Node), row);

            // Replicas slower than the quorum are repaired too when their answer arrives: a node back from a restart
            // is often the slowest to answer, and it is the one that lags.
            foreach (var (node, task) in late)
            {
                _ = RepairIfDifferentAsync(partitionKey, node, task, row);
            }
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
        var set = ReadSet(partitionKey);
        var (answers, _) = await ReadQuorumAsync(
            set, n => Replica(n, partitionKey).RangeAsync(start, end, limit, reverse), "range read");

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
        // The lease is held until the write is acknowledged: until then the node must not acknowledge a newer
        // layout version, since this write computed its sets without it.
        using var lease = layout.BeginWrite(out var history);
        IReadOnlyList<ReplicaSet> sets = schema.Replication == TableReplication.FullCopy
            ? (ReplicaSets.FullCopySet(history) is { } all ? [all] : [])
            : ReplicaSets.WriteSets(history, PartitionOf(partitionKey));
        if (sets.Count == 0)
        {
            // No replica anywhere (a cluster member before its first layout): say so, rather than fail on a quorum of 0.
            throw new NoLayoutException();
        }

        var mode = options.ConsistencyMode;
        await QuorumAsync(
            ReplicaSets.AllNodes(sets),
            ok => ReplicaSets.WriteQuorumReached(sets, ok, mode),
            failed => ReplicaSets.WriteQuorumPossible(sets, failed, mode),
            async n =>
            {
                await Replica(n, partitionKey).InsertAsync(rows);
                return true;
            },
            "write",
            () => string.Join(" + ", sets.Select(s => $"{Quorum.For(s.ReplicationFactor, mode).Write}/{s.Nodes.Count} of {s}")));
    }

    private Task<(List<(NodeId Node, T Value)> Answers, List<(NodeId Node, Task<T> Task)> Late)> ReadQuorumAsync<T>(
        ReplicaSet set, Func<NodeId, Task<T>> call, string what)
    {
        var mode = options.ConsistencyMode;
        return QuorumAsync(
            set.Nodes,
            ok => ReplicaSets.ReadQuorumReached(set, ok, mode),
            failed => ReplicaSets.ReadQuorumPossible(set, failed, mode),
            call,
            what,
            () => $"{Quorum.For(set.ReplicationFactor, mode).Read}/{set.Nodes.Count} of {set}");
    }

    private void Repair(Hash32 partitionKey, IEnumerable<NodeId> stale, TableRow row)
    {
        foreach (var node in stale)
        {
            // Fire and forget: a failed repair is redone by the next read or by anti-entropy.
            _ = Replica(node, partitionKey).InsertAsync([row]).WaitAsync(options.ReplicaCallTimeout)
                .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private async Task RepairIfDifferentAsync(Hash32 partitionKey, NodeId node, Task<byte[]?> answer, TableRow row)
    {
        try
        {
            var value = await answer;
            if (value is null || !value.AsSpan().SequenceEqual(row.Value))
            {
                Repair(partitionKey, [node], row);
            }
        }
        catch (Exception)
        {
            // The replica did not answer: nothing to compare, the next read or anti-entropy repairs it.
        }
    }

    /// <summary>
    /// Calls every node of <paramref name="targets"/> at once (nodes known to be down count as failed without a call)
    /// and returns the answers as soon as <paramref name="reached"/> holds for the nodes that answered, with the calls
    /// still outstanding; throws <see cref="QuorumException"/> as soon as <paramref name="possible"/> no longer holds
    /// for the nodes that failed.
    /// </summary>
    private async Task<(List<(NodeId Node, T Value)> Answers, List<(NodeId Node, Task<T> Task)> Late)> QuorumAsync<T>(
        IReadOnlyList<NodeId> targets,
        Func<IReadOnlySet<NodeId>, bool> reached,
        Func<IReadOnlySet<NodeId>, bool> possible,
        Func<NodeId, Task<T>> call,
        string what,
        Func<string> describe)
    {
        var ok = new HashSet<NodeId>();
        var failed = new HashSet<NodeId>();
        var results = new List<(NodeId, T)>();
        var errors = new List<Exception>();
        var pending = new List<(NodeId Node, Task<T> Task)>();
        foreach (var node in targets)
        {
            if (IsDown(node))
            {
                failed.Add(node);
                errors.Add(new InvalidOperationException($"node {node} is not an active cluster member"));
            }
            else
            {
                pending.Add((node, CallReplicaAsync(call, node)));
            }
        }

        while (!reached(ok))
        {
            if (pending.Count == 0 || !possible(failed))
            {
                throw new QuorumException(
                    $"table {schema.Name}: {what} quorum not reached ({ok.Count} answered, {failed.Count} failed; needed {describe()})", errors);
            }

            var done = await Task.WhenAny(pending.Select(p => p.Task));
            var index = pending.FindIndex(p => p.Task == done);
            var (node, task) = pending[index];
            pending.RemoveAt(index);
            try
            {
                results.Add((node, await task));
                ok.Add(node);
            }
            catch (Exception e)
            {
                failed.Add(node);
                errors.Add(e);
            }
        }

        return (results, pending);
    }

    private Task<T> CallReplicaAsync<T>(Func<NodeId, Task<T>> call, NodeId node)
    {
        try
        {
            return call(node).WaitAsync(options.ReplicaCallTimeout);
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    /// <summary>
    /// True when membership does not list <paramref name="node"/> as active: a call to it would only wait for a
    /// timeout or be rejected, so it is not made.
    /// </summary>
    private bool IsDown(NodeId node) => nodes is not null && !nodes.TryGetSilo(node, out _);

    private ReplicaSet ReadSet(Hash32 partitionKey)
    {
        var history = layout.History;
        var set = schema.Replication == TableReplication.FullCopy
            ? ReplicaSets.FullCopySet(history)
            : ReplicaSets.ReadSet(history, PartitionOf(partitionKey));
        return set ?? throw new NoLayoutException();
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
