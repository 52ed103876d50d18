namespace GarageOrleans.Storage;

/// <summary>
/// In-memory engine with the semantics of the SQLite one, for fast tests of the layers above. Bodies run one at a
/// time under a lock, on the caller's thread; a body that throws is undone alone (undo log). Nothing is durable.
/// <see cref="SnapshotAsync"/> writes a SQLite database that <see cref="SqliteMetadataEngine.Open"/> can open.
/// </summary>
public sealed class MemoryMetadataEngine : IMetadataEngine
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MemoryTree> _trees = new(StringComparer.Ordinal);
    private bool _inBody;
    private bool _disposed;

    public string EngineName => "memory";

    public ValueTask<byte[]?> GetAsync(string tree, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        TreeNames.Validate(tree);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            return ValueTask.FromResult(Find(tree)?.Get(key.Span)?.ToArray());
        }
    }

    public ValueTask<IReadOnlyList<KeyValue>> RangeAsync(string tree, RangeQuery query, CancellationToken cancellationToken = default)
    {
        TreeNames.Validate(tree);
        TreeNames.Validate(query);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            return ValueTask.FromResult<IReadOnlyList<KeyValue>>(Find(tree)?.Range(query) ?? []);
        }
    }

    public Task<T> WriteAsync<T>(Func<IWriteTransaction, T> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        lock (_lock)
        {
            if (_disposed)
            {
                return Task.FromException<T>(new ObjectDisposedException(nameof(MemoryMetadataEngine)));
            }

            if (_inBody)
            {
                // The SQLite engine would deadlock here; fail loudly so tests catch it.
                return Task.FromException<T>(new InvalidOperationException("WriteAsync called from inside a write body"));
            }

            _inBody = true;
            var tx = new MemoryWriteTransaction(this);
            try
            {
                return Task.FromResult(body(tx));
            }
            catch (Exception e)
            {
                tx.Undo();
                return Task.FromException<T>(e);
            }
            finally
            {
                tx.Close();
                _inBody = false;
            }
        }
    }

    public async Task SnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            throw new IOException($"snapshot target '{path}' already exists");
        }

        List<(string Tree, List<KeyValuePair<byte[], byte[]>> Items)> copy;
        lock (_lock)
        {
            ThrowIfDisposed();
            copy = _trees.Select(t => (t.Key, t.Value.Items.ToList())).ToList();
        }

        await using var target = SqliteMetadataEngine.Open(new MetadataEngineOptions { Path = path });
        await target.WriteAsync(tx =>
        {
            foreach (var (tree, items) in copy)
            {
                foreach (var (key, value) in items)
                {
                    tx.Put(tree, key, value);
                }
            }

            return true;
        }, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            _trees.Clear();
        }

        return ValueTask.CompletedTask;
    }

    internal MemoryTree? Find(string tree) => _trees.GetValueOrDefault(tree);

    internal MemoryTree GetOrCreate(string tree)
    {
        if (!_trees.TryGetValue(tree, out var t))
        {
            t = new MemoryTree();
            _trees.Add(tree, t);
        }

        return t;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
