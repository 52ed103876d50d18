using System.Text;

namespace GarageOrleans.Storage.Tests;

/// <summary>
/// The contract of <see cref="IMetadataEngine"/>, run against every engine (Garage <c>db/test.rs</c>). An engine
/// passes by deriving from this class and saying how to open it.
/// </summary>
public abstract class MetadataEngineContractTests : IAsyncLifetime
{
    protected const string Tree = "contract:table";

    private IMetadataEngine? _engine;

    protected TempDirectory Temp { get; } = new();

    protected IMetadataEngine Engine => _engine ?? throw new InvalidOperationException("engine not open");

    protected abstract IMetadataEngine OpenEngine();

    public Task InitializeAsync()
    {
        _engine = OpenEngine();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        Temp.Dispose();
    }

    [Fact]
    public async Task Put_ThenGet_ReturnsTheValue()
    {
        await PutAsync(Tree, "k", "v");

        Assert.Equal("v", await GetStringAsync(Tree, "k"));
    }

    [Fact]
    public async Task Get_OfMissingKeyOrTree_ReturnsNull()
    {
        await PutAsync(Tree, "k", "v");

        Assert.Null(await Engine.GetAsync(Tree, B("other")));
        Assert.Null(await Engine.GetAsync("never:written", B("k")));
        Assert.Empty(await Engine.RangeAsync("never:written", new RangeQuery(null, null, 10)));
    }

    [Fact]
    public async Task Put_OnExistingKey_Overwrites()
    {
        await PutAsync(Tree, "k", "v1");
        await PutAsync(Tree, "k", "v2");

        Assert.Equal("v2", await GetStringAsync(Tree, "k"));
        Assert.Single(await Engine.RangeAsync(Tree, new RangeQuery(null, null, 10)));
    }

    [Fact]
    public async Task Delete_ReturnsWhetherTheKeyExisted()
    {
        await PutAsync(Tree, "k", "v");

        Assert.True(await Engine.WriteAsync(tx => tx.Delete(Tree, B("k"))));
        Assert.False(await Engine.WriteAsync(tx => tx.Delete(Tree, B("k"))));
        Assert.False(await Engine.WriteAsync(tx => tx.Delete("never:written", B("k"))));
        Assert.Null(await Engine.GetAsync(Tree, B("k")));
    }

    [Fact]
    public async Task EmptyKeyAndEmptyValue_AreStored_AndEmptyKeySortsFirst()
    {
        await Engine.WriteAsync(tx =>
        {
            tx.Put(Tree, [0x00], [1]);
            tx.Put(Tree, [], []);
            return true;
        });

        Assert.Equal(Array.Empty<byte>(), await Engine.GetAsync(Tree, Array.Empty<byte>()));
        var all = await Engine.RangeAsync(Tree, new RangeQuery(null, null, 10));
        Assert.Equal([[], [0x00]], all.Select(kv => kv.Key));
        Assert.Empty(all[0].Value);
    }

    [Fact]
    public async Task BinaryKeys_WithZeroAndFFBytes_RoundTripInByteWiseOrder()
    {
        var keys = RandomKeys(new Random(5), 300);
        await Engine.WriteAsync(tx =>
        {
            foreach (var key in keys)
            {
                tx.Put(Tree, key, key.Reverse().ToArray());
            }

            return true;
        });

        var all = await Engine.RangeAsync(Tree, new RangeQuery(null, null, int.MaxValue));
        var expected = keys.Distinct(ByteArrayEquality.Instance).Order(ByteKeyComparer.Instance).ToList();
        Assert.Equal(expected, all.Select(kv => kv.Key));
        Assert.All(all, kv => Assert.Equal(kv.Key.Reverse(), kv.Value));
    }

    [Fact]
    public async Task Range_HonoursStartInclusiveEndExclusiveAndLimit()
    {
        await PutManyAsync(Tree, "a", "b", "c", "d", "e");

        Assert.Equal(["b", "c", "d"], await RangeKeysAsync(new RangeQuery(B("b"), B("e"), 10)));
        Assert.Equal(["b", "c"], await RangeKeysAsync(new RangeQuery(B("b"), B("e"), 2)));
        Assert.Equal(["a", "b"], await RangeKeysAsync(new RangeQuery(null, B("c"), 10)));
        Assert.Equal(["d", "e"], await RangeKeysAsync(new RangeQuery(B("d"), null, 10)));
        Assert.Equal(["c", "d"], await RangeKeysAsync(new RangeQuery(B("bb"), B("dd"), 10)));
        Assert.Empty(await RangeKeysAsync(new RangeQuery(B("c"), B("c"), 10)));
        Assert.Empty(await RangeKeysAsync(new RangeQuery(B("d"), B("b"), 10)));
        Assert.Empty(await RangeKeysAsync(new RangeQuery(null, null, 0)));
    }

    [Fact]
    public async Task Range_Reverse_StartsAtTheGreatestKeyBelowEnd()
    {
        await PutManyAsync(Tree, "a", "b", "c", "d", "e");

        Assert.Equal(["d", "c"], await RangeKeysAsync(new RangeQuery(B("b"), B("e"), 2, Reverse: true)));
        Assert.Equal(["e", "d", "c", "b", "a"], await RangeKeysAsync(new RangeQuery(null, null, 10, Reverse: true)));
        Assert.Equal(["e", "d"], await RangeKeysAsync(new RangeQuery(B("d"), null, 10, Reverse: true)));
    }

    [Fact]
    public async Task Range_WithNegativeLimit_Throws() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Engine.RangeAsync(Tree, new RangeQuery(null, null, -1)));

    [Fact]
    public async Task Range_MatchesAModel_OnRandomQueries()
    {
        var random = new Random(9);
        var keys = RandomKeys(random, 200).Distinct(ByteArrayEquality.Instance).Order(ByteKeyComparer.Instance).ToList();
        await Engine.WriteAsync(tx =>
        {
            keys.ForEach(k => tx.Put(Tree, k, [1]));
            return true;
        });

        for (var i = 0; i < 300; i++)
        {
            var start = random.Next(3) == 0 ? null : RandomKeys(random, 1)[0];
            var end = random.Next(3) == 0 ? null : RandomKeys(random, 1)[0];
            var query = new RangeQuery(start, end, random.Next(0, 40), random.Next(2) == 0);
            var inRange = keys.Where(k => (start is null || ByteKeyComparer.Instance.Compare(k, start) >= 0)
                && (end is null || ByteKeyComparer.Instance.Compare(k, end) < 0));
            var expected = (query.Reverse ? inRange.Reverse() : inRange).Take(query.Limit).ToList();

            var actual = await Engine.RangeAsync(Tree, query);

            Assert.Equal(expected, actual.Select(kv => kv.Key));
        }
    }

    [Fact]
    public async Task PrefixRange_ReturnsExactlyTheKeysWithThePrefix()
    {
        byte[][] keys = [[0x01], [0x01, 0x00], [0x01, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF], [0x02], [0xFF], [0xFF, 0xFF], [0xFF, 0xFF, 0x00]];
        await Engine.WriteAsync(tx =>
        {
            foreach (var key in keys)
            {
                tx.Put(Tree, key, [1]);
            }

            return true;
        });

        foreach (var prefix in new byte[][] { [0x01], [0x01, 0xFF], [0xFF], [0xFF, 0xFF], [] })
        {
            var expected = keys.Where(k => k.AsSpan().StartsWith(prefix)).Order(ByteKeyComparer.Instance).ToList();
            var actual = await Engine.RangeAsync(Tree, RangeQuery.Prefix(prefix, 100));
            Assert.Equal(expected, actual.Select(kv => kv.Key));
            var reversed = await Engine.RangeAsync(Tree, RangeQuery.Prefix(prefix, 100, reverse: true));
            Assert.Equal(expected.AsEnumerable().Reverse(), reversed.Select(kv => kv.Key));
        }

        Assert.Null(RangeQuery.PrefixEnd([0xFF, 0xFF]));
        Assert.Equal(new byte[] { 0x02 }, RangeQuery.PrefixEnd([0x01, 0xFF]));
    }

    [Fact]
    public async Task WriteBody_SeesItsOwnWrites()
    {
        await PutAsync(Tree, "old", "1");

        var seen = await Engine.WriteAsync(tx =>
        {
            tx.Put(Tree, B("new"), B("2"));
            var afterPut = tx.Get(Tree, B("new"));
            var range = tx.Range(Tree, new RangeQuery(null, null, 10)).Select(kv => S(kv.Key)).ToList();
            tx.Delete(Tree, B("old"));
            var afterDelete = tx.Get(Tree, B("old"));
            tx.Put("fresh:tree", B("x"), B("y"));
            var freshTree = tx.Get("fresh:tree", B("x"));
            return (S(afterPut!), range, afterDelete, S(freshTree!));
        });

        Assert.Equal("2", seen.Item1);
        Assert.Equal(["new", "old"], seen.range);
        Assert.Null(seen.afterDelete);
        Assert.Equal("y", seen.Item4);
    }

    [Fact]
    public async Task ThrowingBody_IsRolledBackAlone_WhileTheOthersCommit()
    {
        await PutAsync(Tree, "kept", "original");
        using var gate = new WriterGate();
        var held = gate.HoldAsync(Engine);
        var a = Task.Run(() => Engine.WriteAsync(tx => { tx.Put(Tree, B("a"), B("1")); return 1; }));
        var failing = Task.Run(() => Engine.WriteAsync<int>(tx =>
        {
            tx.Put(Tree, B("b"), B("2"));
            tx.Delete(Tree, B("kept"));
            tx.Put("only:failing", B("x"), B("y"));
            throw new InvalidOperationException("boom");
        }));
        var c = Task.Run(() => Engine.WriteAsync(tx => { tx.Put(Tree, B("c"), B("3")); return 3; }));
        gate.Release();

        await held;
        Assert.Equal(1, await a);
        Assert.Equal(3, await c);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("boom", error.Message);
        Assert.Equal("1", await GetStringAsync(Tree, "a"));
        Assert.Null(await Engine.GetAsync(Tree, B("b")));
        Assert.Equal("original", await GetStringAsync(Tree, "kept"));
        Assert.Null(await Engine.GetAsync("only:failing", B("x")));
        Assert.Equal("3", await GetStringAsync(Tree, "c"));
    }

    [Fact]
    public async Task ThrowingBody_ThatCreatedATree_LeavesTheTreeUsable()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Engine.WriteAsync<bool>(tx =>
        {
            tx.Put("new:tree", B("x"), B("1"));
            throw new InvalidOperationException("boom");
        }));

        Assert.Null(await Engine.GetAsync("new:tree", B("x")));
        await PutAsync("new:tree", "x", "2");
        Assert.Equal("2", await GetStringAsync("new:tree", "x"));
    }

    [Fact]
    public async Task ConcurrentWriters_AllCommit_AndSeeEachOthersWrites()
    {
        const int writers = 200;
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(() => Engine.WriteAsync(tx =>
        {
            // Read-modify-write: correct only if bodies run one after the other and see earlier bodies of the batch.
            var current = tx.Get(Tree, B("counter")) is { } c ? int.Parse(S(c)) : 0;
            tx.Put(Tree, B("counter"), B((current + 1).ToString()));
            tx.Put(Tree, B($"w{i:d3}"), B(i.ToString()));
            return i;
        }))).ToList();

        Assert.Equal(Enumerable.Range(0, writers), await Task.WhenAll(tasks));
        Assert.Equal(writers.ToString(), await GetStringAsync(Tree, "counter"));
        Assert.Equal(writers, (await Engine.RangeAsync(Tree, RangeQuery.Prefix(B("w"), 1000))).Count);
    }

    [Fact]
    public async Task Trees_AreIndependent()
    {
        await PutAsync("one", "k", "1");
        await PutAsync("two", "k", "2");
        await Engine.WriteAsync(tx => tx.Delete("one", B("k")));

        Assert.Null(await Engine.GetAsync("one", B("k")));
        Assert.Equal("2", await GetStringAsync("two", "k"));
        Assert.Single(await Engine.RangeAsync("two", new RangeQuery(null, null, 10)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with space")]
    [InlineData("quote\"d")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task InvalidTreeName_IsRejected(string tree)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Engine.GetAsync(tree, B("k")));
        await Assert.ThrowsAsync<ArgumentException>(() => Engine.WriteAsync(tx => { tx.Put(tree, B("k"), B("v")); return true; }));
    }

    [Fact]
    public async Task WriteAsync_WithCanceledToken_IsCanceledAndWritesNothing()
    {
        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Engine.WriteAsync(tx => { tx.Put(Tree, B("k"), B("v")); return true; }, new CancellationToken(canceled: true)));

        Assert.NotNull(canceled);
        Assert.Null(await Engine.GetAsync(Tree, B("k")));
    }

    [Fact]
    public async Task Transaction_UsedAfterItsBodyReturned_Throws()
    {
        var leaked = await Engine.WriteAsync(tx => tx);

        Assert.Throws<InvalidOperationException>(() => leaked.Put(Tree, B("k"), B("v")));
    }

    [Fact]
    public async Task ReturnedArrays_AreCopies()
    {
        await PutAsync(Tree, "k", "v");
        var value = await Engine.GetAsync(Tree, B("k"));
        value![0] = (byte)'x';
        var range = await Engine.RangeAsync(Tree, new RangeQuery(null, null, 1));
        range[0].Key[0] = (byte)'x';

        Assert.Equal("v", await GetStringAsync(Tree, "k"));
    }

    [Fact]
    public async Task Snapshot_ProducesAnOpenableCopyWithTheSameData()
    {
        await PutManyAsync(Tree, "a", "b", "c");
        await PutAsync("other", "k", "v");
        var path = Temp.File("snapshots/snap.sqlite");

        await Engine.SnapshotAsync(path);
        await PutAsync(Tree, "after", "x");

        await using var copy = SqliteMetadataEngine.Open(new MetadataEngineOptions { Path = path });
        Assert.Equal(["a", "b", "c"], (await copy.RangeAsync(Tree, new RangeQuery(null, null, 10))).Select(kv => S(kv.Key)));
        Assert.Equal("v", S((await copy.GetAsync("other", B("k")))!));
    }

    [Fact]
    public async Task Operations_AfterDispose_ThrowObjectDisposed()
    {
        await Engine.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Engine.WriteAsync(_ => true));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await Engine.GetAsync(Tree, B("k")));
    }

    protected static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    protected static string S(byte[] b) => Encoding.UTF8.GetString(b);

    protected Task PutAsync(string tree, string key, string value) =>
        Engine.WriteAsync(tx => { tx.Put(tree, B(key), B(value)); return true; });

    protected async Task<string?> GetStringAsync(string tree, string key) =>
        await Engine.GetAsync(tree, B(key)) is { } v ? S(v) : null;

    private Task PutManyAsync(string tree, params string[] keys) =>
        Engine.WriteAsync(tx =>
        {
            foreach (var key in keys)
            {
                tx.Put(tree, B(key), B(key));
            }

            return true;
        });

    private async Task<List<string>> RangeKeysAsync(RangeQuery query) =>
        (await Engine.RangeAsync(Tree, query)).Select(kv => S(kv.Key)).ToList();

    private static List<byte[]> RandomKeys(Random random, int count)
    {
        byte[] alphabet = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, random.Next(0, 5)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())
            .ToList();
    }
}
