namespace GarageOrleans.Storage;

/// <summary>A body's view of the memory engine; runs under the engine's lock and records how to undo itself.</summary>
internal sealed class MemoryWriteTransaction(MemoryMetadataEngine engine) : IWriteTransaction
{
    private readonly List<(MemoryTree Tree, byte[] Key, byte[]? Old)> _undo = [];
    private bool _closed;

    public byte[]? Get(string tree, ReadOnlySpan<byte> key)
    {
        Check(tree);
        return engine.Find(tree)?.Get(key)?.ToArray();
    }

    public IReadOnlyList<KeyValue> Range(string tree, RangeQuery query)
    {
        Check(tree);
        TreeNames.Validate(query);
        return engine.Find(tree)?.Range(query) ?? [];
    }

    public void Put(string tree, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Check(tree);
        var t = engine.GetOrCreate(tree);
        var old = t.Put(key, value);
        _undo.Add((t, key.ToArray(), old));
    }

    public bool Delete(string tree, ReadOnlySpan<byte> key)
    {
        Check(tree);
        var t = engine.Find(tree);
        var old = t?.Delete(key);
        if (old is null)
        {
            return false;
        }

        _undo.Add((t!, key.ToArray(), old));
        return true;
    }

    public void Undo()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            var (tree, key, old) = _undo[i];
            tree.Restore(key, old);
        }
    }

    public void Close() => _closed = true;

    private void Check(string tree)
    {
        TreeNames.Validate(tree);
        if (_closed)
        {
            throw new InvalidOperationException("the write transaction was used after its body returned");
        }
    }
}
