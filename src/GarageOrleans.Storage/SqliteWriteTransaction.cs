using System.Collections.Concurrent;

namespace GarageOrleans.Storage;

/// <summary>
/// The writer connection as seen by the bodies of one batch. Tables are created on first Put; a table created by a
/// body that is rolled back disappears with it, so the set of trees is tracked per body and per batch and published
/// to readers only after COMMIT (before that, readers would query a table they cannot see).
/// </summary>
internal sealed class SqliteWriteTransaction(SqliteStatementCache writer, ConcurrentDictionary<string, byte> committedTrees)
    : IWriteTransaction
{
    private readonly HashSet<string> _createdInBatch = new(StringComparer.Ordinal);
    private readonly List<string> _createdInBody = [];
    private bool _active;

    public void BeginBody()
    {
        _createdInBody.Clear();
        _active = true;
    }

    public void EndBody() => _active = false;

    /// <summary>The body's savepoint was rolled back: forget the tables it created.</summary>
    public void RollbackBody()
    {
        foreach (var tree in _createdInBody)
        {
            _createdInBatch.Remove(tree);
            writer.Forget(tree);
        }

        _createdInBody.Clear();
    }

    public void CommitBatch()
    {
        foreach (var tree in _createdInBatch)
        {
            committedTrees.TryAdd(tree, 0);
        }

        _createdInBatch.Clear();
    }

    public void RollbackBatch()
    {
        foreach (var tree in _createdInBatch)
        {
            writer.Forget(tree);
        }

        _createdInBatch.Clear();
    }

    public byte[]? Get(string tree, ReadOnlySpan<byte> key)
    {
        Check(tree);
        return Exists(tree) ? writer.For(tree).Get(key.ToArray()) : null;
    }

    public IReadOnlyList<KeyValue> Range(string tree, RangeQuery query)
    {
        Check(tree);
        TreeNames.Validate(query);
        return Exists(tree) ? writer.For(tree).Range(query) : [];
    }

    public void Put(string tree, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Check(tree);
        if (!Exists(tree))
        {
            writer.Execute($"CREATE TABLE IF NOT EXISTS {TreeNames.SqliteTable(tree)} (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
            _createdInBatch.Add(tree);
            _createdInBody.Add(tree);
        }

        writer.For(tree).Put(key.ToArray(), value.ToArray());
    }

    public bool Delete(string tree, ReadOnlySpan<byte> key)
    {
        Check(tree);
        return Exists(tree) && writer.For(tree).Delete(key.ToArray());
    }

    private bool Exists(string tree) => committedTrees.ContainsKey(tree) || _createdInBatch.Contains(tree);

    private void Check(string tree)
    {
        TreeNames.Validate(tree);
        if (!_active)
        {
            throw new InvalidOperationException("the write transaction was used after its body returned");
        }
    }
}
