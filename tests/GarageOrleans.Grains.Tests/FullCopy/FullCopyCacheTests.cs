using System.Text;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Grains.Schemas;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using GarageOrleans.Tables.FullCopy;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Tests.FullCopy;

/// <summary>
/// The node-local cache of a full-copy table over a real SQLite engine file: rows are merged the way a replica merges
/// them (read, merge, put, hook, in one engine transaction), so the hook and the commit race as they do on a node.
/// </summary>
public sealed class FullCopyCacheTests : IAsyncLifetime
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(KeyParams).Assembly).AddAssembly(typeof(Lww<>).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static readonly byte[] Id = Encoding.UTF8.GetBytes("GKtest");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fullcopy-" + Guid.NewGuid().ToString("N"));
    private readonly KeyTable _table = new(Serializer);
    private SqliteMetadataEngine _engine = null!;
    private Func<byte[], CancellationToken, Task<Deletable<KeyParams>?>> _quorumRead = (_, _) => Task.FromResult<Deletable<KeyParams>?>(null);

    public Task InitializeAsync()
    {
        _engine = SqliteMetadataEngine.Open(new MetadataEngineOptions { Path = Path.Combine(_dir, "db.sqlite"), Fsync = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Hit_IsServedFromMemory()
    {
        var cache = NewCache();
        await MergeAsync(Key("first", 1));
        Assert.Equal("first", (await cache.GetAsync(Id, default))!.Name.Value);

        // Written behind the hook's back: a cached row does not go to the engine again.
        await PutBehindTheHookAsync(Key("behind", 2));
        Assert.Equal("first", (await cache.GetAsync(Id, default))!.Name.Value);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task MergeOfNewerRow_InvalidatesTheEntry()
    {
        var cache = NewCache();
        await MergeAsync(Key("first", 1));
        Assert.NotNull(await cache.GetAsync(Id, default));

        await MergeAsync(Key("renamed", 5));
        Assert.Equal("renamed", (await cache.GetAsync(Id, default))!.Name.Value);

        await MergeAsync(Deletable<KeyParams>.Deleted);
        Assert.Null(await cache.GetAsync(Id, default));
    }

    [Fact]
    public async Task LocalMiss_FallsBackToQuorumRead_AndIsNotCached()
    {
        var remote = Key("remote", 1);
        var calls = 0;
        _quorumRead = (sortKey, _) =>
        {
            calls++;
            Assert.Equal(Id, sortKey);
            return Task.FromResult<Deletable<KeyParams>?>(calls == 1 ? null : remote);
        };
        var cache = NewCache();

        Assert.Null(await cache.GetAsync(Id, default)); // nowhere yet: the miss is not remembered...
        Assert.Equal("remote", (await cache.GetAsync(Id, default))!.Name.Value); // ...so a row written since is found
        Assert.Equal(2, cache.QuorumReads);
        Assert.Equal(0, cache.Count);

        // The quorum read's repair reaches this node: from then on the row is local.
        await MergeAsync(remote);
        Assert.Equal("remote", (await cache.GetAsync(Id, default))!.Name.Value);
        Assert.Equal("remote", (await cache.GetAsync(Id, default))!.Name.Value);
        Assert.Equal(2, cache.QuorumReads);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task ReadBetweenHookAndCommit_IsNotCached()
    {
        var cache = NewCache();
        await MergeAsync(Key("old", 1));

        // The hook runs for "new" but the commit is not visible yet (here: that body is rolled back, which leaves the
        // engine exactly as a reader sees it before the commit).
        await Assert.ThrowsAsync<InvalidOperationException>(() => _engine.WriteAsync<int>(tx =>
        {
            Merge(tx, Key("new", 2));
            throw new InvalidOperationException("stop before commit");
        }));
        Assert.Equal("old", (await cache.GetAsync(Id, default))!.Name.Value);

        // The commit becomes visible (without a hook of its own): the old value must not have been kept.
        await PutBehindTheHookAsync(Key("old", 1).Merge(Key("new", 2)));
        Assert.Equal("new", (await cache.GetAsync(Id, default))!.Name.Value);
        Assert.Equal("new", (await cache.GetAsync(Id, default))!.Name.Value);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task ConcurrentReadsAndMerges_NeverLeaveAStaleValue()
    {
        var cache = NewCache();
        await MergeAsync(Key("0", 1));
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await cache.GetAsync(Id, default);
            }
        })).ToArray();

        for (var i = 1; i <= 300; i++)
        {
            await MergeAsync(Key(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (ulong)i + 1));

            // Once the merge is committed, no reader may see (or leave cached) anything older.
            var seen = (await cache.GetAsync(Id, default))!.Name.Value;
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), seen);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal("300", (await cache.GetAsync(Id, default))!.Name.Value);
    }

    private FullCopyCache<Deletable<KeyParams>, KeyParams> NewCache() =>
        new(_table, _engine, (k, ct) => _quorumRead(k, ct), static (_, row) => row.TryGetValue(out var p) ? p : null);

    private static Deletable<KeyParams> Key(string name, ulong at) =>
        Deletable<KeyParams>.Present(new KeyParams("secret", 1, new Lww<string>(at, name), new Lww<bool>(1, false)));

    private static byte[] FullKey(byte[] sortKey) => [.. TableClient<Deletable<KeyParams>>.FullCopyPartitionKey.ToArray(), .. sortKey];

    /// <summary>Writes a row without running the hook (as if the engine's commit became visible only now).</summary>
    private Task PutBehindTheHookAsync(Deletable<KeyParams> row) => _engine.WriteAsync(tx =>
    {
        tx.Put(KeyTable.TableName, FullKey(Id), _table.Encode(row));
        return 0;
    });

    private Task MergeAsync(Deletable<KeyParams> row) => _engine.WriteAsync(tx =>
    {
        Merge(tx, row);
        return 0;
    });

    /// <summary>What a replica does with an incoming row: merge, write only on a change, run the hook.</summary>
    private void Merge(IWriteTransaction tx, Deletable<KeyParams> row)
    {
        var key = FullKey(Id);
        var incoming = _table.Encode(row);
        var stored = tx.Get(KeyTable.TableName, key);
        var merged = stored is null ? incoming : _table.Merge(stored, incoming);
        if (stored is not null && merged.AsSpan().SequenceEqual(stored))
        {
            return;
        }

        tx.Put(KeyTable.TableName, key, merged);
        ((ITableSchema)_table).Updated(tx, key, stored, incoming, merged);
    }
}
