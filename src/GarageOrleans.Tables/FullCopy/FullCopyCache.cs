using System.Collections.Concurrent;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Storage;

namespace GarageOrleans.Tables.FullCopy;

/// <summary>
/// Node-local reads of one full-copy table, with the decoded (and projected) rows kept in memory. A read is served
/// from memory, else from this node's replica in the metadata engine, else, when this node does not hold the row
/// (it missed the write, e.g. it was down), from a quorum read that also repairs the local replica.
/// </summary>
/// <remarks>
/// <para><b>Staleness bound.</b> A cached value is never older than the row this node's replica has committed: the
/// table's merge hook (<see cref="FullCopyTableSchema{TRow}"/>) drops the entry inside the transaction that changes
/// the row, and a value read from the engine is kept only when no change to any row started since the read began and
/// the bytes read are the ones the last change to that row commits (so a read that raced the commit, or a change
/// that was rolled back, never leaves an old value behind). What this node serves is therefore exactly as fresh as
/// its replica: a deletion or a revocation takes effect here as soon as the row reaches this node (the writer sends
/// it to every node at once and waits for a majority); a node that missed it keeps the older row until read repair
/// or anti-entropy brings it.</para>
/// <para><b>Misses are not cached.</b> A row this node does not hold is looked up by quorum every time, so a row
/// written a moment ago (to a majority that may not include this node) is found at once; the quorum read's repair
/// makes the next read local.</para>
/// <para>Memory is bounded by the table itself: only rows this node holds are cached.</para>
/// </remarks>
public sealed class FullCopyCache<TRow, TValue> : IFullCopyListener
    where TRow : class, ICrdt<TRow>
    where TValue : class
{
    private static readonly ByteArrayEquality KeyEquality = new();

    private readonly FullCopyTableSchema<TRow> _schema;
    private readonly IMetadataEngine _engine;
    private readonly Func<byte[], CancellationToken, Task<TRow?>> _quorumRead;
    private readonly Func<byte[], TRow, TValue?> _project;

    private readonly ConcurrentDictionary<byte[], Entry> _entries = new(KeyEquality);
    private readonly Lock _gate = new();

    // Both under _gate. The bytes each row's last change commits, until a read sees them committed.
    private readonly Dictionary<byte[], byte[]> _pending = new(KeyEquality);
    private long _generation;
    private long _quorumReads;

    /// <param name="schema">The table; the cache subscribes to its merge hook.</param>
    /// <param name="engine">This node's metadata engine, which holds its replica of the table.</param>
    /// <param name="quorumRead">Reads a sort key at read quorum (and repairs replicas); used on a local miss.</param>
    /// <param name="project">Turns a sort key and its row into what callers want (null: "no such thing").</param>
    public FullCopyCache(
        FullCopyTableSchema<TRow> schema,
        IMetadataEngine engine,
        Func<byte[], CancellationToken, Task<TRow?>> quorumRead,
        Func<byte[], TRow, TValue?> project)
    {
        _schema = schema;
        _engine = engine;
        _quorumRead = quorumRead;
        _project = project;
        schema.Subscribe(this);
    }

    /// <summary>Entries currently cached (for tests and metrics).</summary>
    public int Count => _entries.Count;

    /// <summary>Quorum reads made because this node did not hold the row (for tests and metrics).</summary>
    public long QuorumReads => Interlocked.Read(ref _quorumReads);

    /// <summary>The projected row of <paramref name="sortKey"/>, or null when no node of a read quorum has it.</summary>
    public async ValueTask<TValue?> GetAsync(byte[] sortKey, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(sortKey, out var hit))
        {
            return hit.Value;
        }

        var generation = Volatile.Read(ref _generation);
        var stored = await _engine.GetAsync(_schema.Name, FullKey(sortKey), cancellationToken);
        if (stored is null)
        {
            Interlocked.Increment(ref _quorumReads);
            var row = await _quorumRead(sortKey, cancellationToken);
            return row is null ? null : _project(sortKey, row);
        }

        var value = _project(sortKey, _schema.Decode(stored));
        lock (_gate)
        {
            if (_generation == generation && Settled(sortKey, stored))
            {
                // TryAdd, never overwrite: an entry already there was stored by a read at least as recent.
                _entries.TryAdd(sortKey, new Entry(value));
            }
        }

        return value;
    }

    void IFullCopyListener.RowChanged(IWriteTransaction tx, ReadOnlySpan<byte> key)
    {
        if (key.Length < Hash32.Size)
        {
            return;
        }

        var sortKey = key[Hash32.Size..].ToArray();
        var committing = tx.Get(_schema.Name, key);
        lock (_gate)
        {
            _generation++;
            _entries.TryRemove(sortKey, out _);
            if (committing is null)
            {
                _pending.Remove(sortKey);
            }
            else
            {
                _pending[sortKey] = committing;
            }
        }
    }

    /// <summary>
    /// Under <see cref="_gate"/>: whether <paramref name="stored"/> may be cached, i.e. no change to the row is waiting
    /// to be seen committed, or these are the bytes it commits (and then it is no longer waiting).
    /// </summary>
    private bool Settled(byte[] sortKey, byte[] stored)
    {
        if (!_pending.TryGetValue(sortKey, out var committing))
        {
            return true;
        }

        if (!committing.AsSpan().SequenceEqual(stored))
        {
            return false; // the change is not committed yet (or was rolled back): read the engine again next time
        }

        _pending.Remove(sortKey);
        return true;
    }

    private static byte[] FullKey(byte[] sortKey)
    {
        var key = new byte[Hash32.Size + sortKey.Length];
        TableClient<TRow>.FullCopyPartitionKey.WriteTo(key);
        sortKey.CopyTo(key.AsSpan(Hash32.Size));
        return key;
    }

    private sealed record Entry(TValue? Value);

    private sealed class ByteArrayEquality : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
