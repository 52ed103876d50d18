using GarageOrleans.Storage;

namespace GarageOrleans.Blocks.Tests;

/// <summary>
/// Minimal IMetadataEngine for these tests (the real engines live in Storage): one writer at a time, copy-on-write
/// trees so that a body that throws leaves nothing behind.
/// </summary>
internal sealed class InMemoryMetadataEngine : IMetadataEngine
{
    private readonly Lock _gate = new();
    private Dictionary<string, SortedDictionary<byte[], byte[]>> _trees = [];

    public string EngineName => "memory-fake";

    /// <summary>Runs once, inside the next write transaction and before its body: a write that won the race.</summary>
    public Action<IWriteTransaction>? BeforeNextWrite { get; set; }

    public ValueTask<byte[]?> GetAsync(string tree, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Read(_trees, tree, key.Span));
        }
    }

    public ValueTask<IReadOnlyList<KeyValue>> RangeAsync(string tree, RangeQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Scan(_trees, tree, query));
        }
    }

    public Task<T> WriteAsync<T>(Func<IWriteTransaction, T> body, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var tx = new Transaction(_trees);
            try
            {
                var before = BeforeNextWrite;
                BeforeNextWrite = null;
                before?.Invoke(tx);
                var result = body(tx);
                _trees = tx.Trees;
                return Task.FromResult(result);
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }
    }

    public Task SnapshotAsync(string path, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static byte[]? Read(Dictionary<string, SortedDictionary<byte[], byte[]>> trees, string tree, ReadOnlySpan<byte> key) =>
        trees.TryGetValue(tree, out var t) && t.TryGetValue(key.ToArray(), out var v) ? v.ToArray() : null;

    private static IReadOnlyList<KeyValue> Scan(Dictionary<string, SortedDictionary<byte[], byte[]>> trees, string tree, RangeQuery query)
    {
        if (!trees.TryGetValue(tree, out var t))
        {
            return [];
        }

        var rows = t.Where(kv => (query.Start is null || ByteComparer.Instance.Compare(kv.Key, query.Start) >= 0)
                && (query.End is null || ByteComparer.Instance.Compare(kv.Key, query.End) < 0))
            .Select(kv => new KeyValue(kv.Key.ToArray(), kv.Value.ToArray()));
        return (query.Reverse ? rows.Reverse() : rows).Take(query.Limit).ToList();
    }

    private sealed class Transaction(Dictionary<string, SortedDictionary<byte[], byte[]>> committed) : IWriteTransaction
    {
        public Dictionary<string, SortedDictionary<byte[], byte[]>> Trees { get; } = new(committed);

        private readonly HashSet<string> _copied = [];

        public byte[]? Get(string tree, ReadOnlySpan<byte> key) => Read(Trees, tree, key);

        public IReadOnlyList<KeyValue> Range(string tree, RangeQuery query) => Scan(Trees, tree, query);

        public void Put(string tree, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Writable(tree)[key.ToArray()] = value.ToArray();

        public bool Delete(string tree, ReadOnlySpan<byte> key) => Writable(tree).Remove(key.ToArray());

        private SortedDictionary<byte[], byte[]> Writable(string tree)
        {
            if (_copied.Add(tree))
            {
                Trees[tree] = Trees.TryGetValue(tree, out var t) ? new(t, ByteComparer.Instance) : new(ByteComparer.Instance);
            }

            return Trees[tree];
        }
    }

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
