namespace GarageOrleans.Storage;

/// <summary>
/// The node-local metadata engine: named trees of ordered byte keys (byte-wise, memcmp order), point and range
/// reads, and batched durable writes (Garage's <c>db</c> crate).
/// </summary>
/// <remarks>
/// Contract, checked by the contract suite run against every engine (tests/GarageOrleans.Storage.Tests):
/// <list type="bullet">
/// <item>Keys compare byte-wise; an empty key is the smallest. Tree names match <c>[a-z0-9_:.-]{1,64}</c>.</item>
/// <item>Reads outside a transaction see every write whose <see cref="WriteAsync{T}"/> task has completed.</item>
/// <item><see cref="WriteAsync{T}"/> runs its body on the engine's single writer, inside one transaction shared with
/// the other bodies queued at the same time (group commit): one commit and, when durability is on, one fsync for the
/// whole batch. The task completes only after that commit is durable. A body that throws is rolled back alone
/// (savepoint) and its task faults with the exception; the other bodies of the batch commit.</item>
/// <item>Bodies must be short and must not block on anything but the transaction they are given.</item>
/// </list>
/// </remarks>
public interface IMetadataEngine : IAsyncDisposable
{
    /// <summary>"sqlite" or "memory": for logs and metrics.</summary>
    string EngineName { get; }

    ValueTask<byte[]?> GetAsync(string tree, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<KeyValue>> RangeAsync(string tree, RangeQuery query, CancellationToken cancellationToken = default);

    Task<T> WriteAsync<T>(Func<IWriteTransaction, T> body, CancellationToken cancellationToken = default);

    /// <summary>Writes a consistent copy of the whole database to <paramref name="path"/> (SQLite: VACUUM INTO).</summary>
    Task SnapshotAsync(string path, CancellationToken cancellationToken = default);
}

/// <summary>The view a write body gets: reads see the batch's own earlier writes.</summary>
public interface IWriteTransaction
{
    byte[]? Get(string tree, ReadOnlySpan<byte> key);

    IReadOnlyList<KeyValue> Range(string tree, RangeQuery query);

    void Put(string tree, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Returns whether the key existed.</summary>
    bool Delete(string tree, ReadOnlySpan<byte> key);
}

public readonly record struct KeyValue(byte[] Key, byte[] Value);

/// <summary>
/// Keys in [<see cref="Start"/>, <see cref="End"/>) (null = unbounded), at most <see cref="Limit"/> of them,
/// ascending, or descending when <see cref="Reverse"/> (then the first returned is the greatest key below End).
/// </summary>
public sealed record RangeQuery(byte[]? Start, byte[]? End, int Limit, bool Reverse = false)
{
    /// <summary>All keys that start with <paramref name="prefix"/>.</summary>
    public static RangeQuery Prefix(byte[] prefix, int limit, bool reverse = false) =>
        new(prefix, PrefixEnd(prefix), limit, reverse);

    /// <summary>The smallest key greater than every key that starts with <paramref name="prefix"/>; null if none.</summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.ToArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] != 0xFF)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return null;
    }
}

/// <summary>Options of the SQLite engine (bound from <c>Node:MetadataDir</c> and <c>Node:MetadataFsync</c>).</summary>
public sealed record MetadataEngineOptions
{
    /// <summary>Path of the database file (created with its directory if missing).</summary>
    public required string Path { get; init; }

    /// <summary>fsync the WAL at every group commit (synchronous=FULL) instead of only at checkpoints (NORMAL).</summary>
    public bool Fsync { get; init; } = true;
}
