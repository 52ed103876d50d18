using GarageOrleans.Primitives;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GarageOrleans.Blocks.Tests;

public sealed class BlockGcWorkerTests : IDisposable
{
    private static readonly TimeSpan GcDelay = TimeSpan.FromMinutes(10);
    private readonly TempDirectory _dir = new();
    private readonly InMemoryMetadataEngine _engine = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly BlockStore _store;
    private readonly BlockGcWorker _worker;

    public BlockGcWorkerTests()
    {
        _store = new BlockStore(new BlockStoreOptions { DataDir = _dir.Path, GcDelay = GcDelay, Fsync = false });
        _worker = new BlockGcWorker(_store, _engine, _time, NullLogger<BlockGcWorker>.Instance);
    }

    public void Dispose()
    {
        _worker.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    private ulong NowMs => (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Stores a block the way callers must: refcount first, then the file.</summary>
    private async Task<BlockHash> PutReferencedAsync(int seed)
    {
        var (hash, data) = TestData.Block(TestData.Incompressible(100, seed));
        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, hash); return 0; });
        await _store.PutAsync(hash, data, CancellationToken.None);
        return hash;
    }

    private Task DereferenceAsync(BlockHash hash) =>
        _engine.WriteAsync(tx => { BlockRefcounts.Decrement(tx, hash, NowMs); return 0; });

    /// <summary>
    /// The deduplicated-write race, forced: the GC has decided to collect a block (refcount 0 past the delay) and holds
    /// its lock; in that window a PUT of the same content takes a new reference and stores the block. The put must not
    /// answer "already stored" on the strength of a file that is about to be unlinked: afterwards the block is on disk,
    /// readable, and counted once.
    /// </summary>
    [Fact]
    public async Task DeduplicatedPut_DuringCollection_KeepsTheBlock()
    {
        var (hash, data) = TestData.Block(TestData.Incompressible(100, 7));
        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, hash); return 0; });
        await _store.PutAsync(hash, data, CancellationToken.None);
        await DereferenceAsync(hash);
        _time.Advance(GcDelay + TimeSpan.FromSeconds(1));

        Task<bool>? put = null;
        _worker.BeforeUnlinkForTests = async h =>
        {
            Assert.Equal(hash, h);

            // A new upload of the same content: reference first (as callers must), then the block.
            await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, hash); return 0; });
            put = _store.PutAsync(hash, data, CancellationToken.None);
        };

        Assert.Equal(1, await _worker.RunOnceAsync(CancellationToken.None));
        Assert.NotNull(put);
        var written = await put;

        Assert.True(await _store.ExistsAsync(hash), "the acknowledged block was unlinked by the GC");
        using (var read = await _store.ReadAsync(hash, CancellationToken.None))
        {
            Assert.NotNull(read);
            Assert.True(read.Memory.Span.SequenceEqual(data));
        }

        Assert.True(written, "the block was gone when the put got the lock, so the put wrote it again");

        Assert.Equal(new RefcountState(1, null), await BlockRefcounts.GetAsync(_engine, hash));
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await _worker.RunOnceAsync(CancellationToken.None));
        Assert.True(await _store.ExistsAsync(hash));
    }

    [Fact]
    public async Task RunOnce_BeforeTheDelay_KeepsAnUnreferencedBlock()
    {
        var hash = await PutReferencedAsync(1);
        await DereferenceAsync(hash);

        _time.Advance(GcDelay - TimeSpan.FromSeconds(1));

        Assert.Equal(0, await _worker.RunOnceAsync(CancellationToken.None));
        Assert.True(await _store.ExistsAsync(hash));
        Assert.True((await BlockRefcounts.GetAsync(_engine, hash)).IsDeletable);
    }

    [Fact]
    public async Task RunOnce_AfterTheDelay_DeletesTheFileAndTheRefcountRow()
    {
        var hash = await PutReferencedAsync(1);
        await DereferenceAsync(hash);

        _time.Advance(GcDelay + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await _worker.RunOnceAsync(CancellationToken.None));
        Assert.False(await _store.ExistsAsync(hash));
        Assert.True((await BlockRefcounts.GetAsync(_engine, hash)).IsAbsent);
        Assert.Empty(await BlockRefcounts.DeletableBeforeAsync(_engine, ulong.MaxValue, 10));
    }

    [Fact]
    public async Task RunOnce_NeverTouchesReferencedBlocks()
    {
        var kept = await PutReferencedAsync(1);
        var dropped = await PutReferencedAsync(2);
        await DereferenceAsync(dropped);

        _time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(1, await _worker.RunOnceAsync(CancellationToken.None));
        Assert.True(await _store.ExistsAsync(kept));
        Assert.False(await _store.ExistsAsync(dropped));
    }

    [Fact]
    public async Task RunOnce_BlockReReferencedBeforeCollection_Survives()
    {
        var hash = await PutReferencedAsync(1);
        await DereferenceAsync(hash);
        _time.Advance(GcDelay + TimeSpan.FromMinutes(5));

        // A new upload of the same content references it again, after the delay but before the GC ran.
        await PutReferencedAsync(1);

        Assert.Equal(0, await _worker.RunOnceAsync(CancellationToken.None));
        Assert.True(await _store.ExistsAsync(hash));
        Assert.Equal(new RefcountState(1, null), await BlockRefcounts.GetAsync(_engine, hash));
    }

    [Fact]
    public async Task RunOnce_BlockReReferencedBetweenScanAndDecision_Survives()
    {
        var hash = await PutReferencedAsync(1);
        await DereferenceAsync(hash);
        _time.Advance(GcDelay + TimeSpan.FromMinutes(5));
        // Commits after the GC listed the block and before its own transaction: the re-check must see it.
        _engine.BeforeNextWrite = tx => BlockRefcounts.Increment(tx, hash);

        Assert.Equal(0, await _worker.RunOnceAsync(CancellationToken.None));

        Assert.True(await _store.ExistsAsync(hash));
        Assert.Equal(new RefcountState(1, null), await BlockRefcounts.GetAsync(_engine, hash));
        Assert.Empty(await BlockRefcounts.DeletableBeforeAsync(_engine, ulong.MaxValue, 10));
    }

    [Fact]
    public async Task Worker_RunsAPassAtStartAndThenEveryInterval()
    {
        var passes = System.Threading.Channels.Channel.CreateUnbounded<int>();
        _worker.PassCompletedForTests = deleted => passes.Writer.TryWrite(deleted);
        var hash = await PutReferencedAsync(1);
        await DereferenceAsync(hash);

        await _worker.StartAsync(CancellationToken.None);
        Assert.Equal(0, await NextPassAsync("the pass at start"));

        _time.Advance(GcDelay + TimeSpan.FromMinutes(1)); // also the GC interval (1 min by default)
        Assert.Equal(1, await NextPassAsync("the pass after the interval"));
        Assert.False(await _store.ExistsAsync(hash));

        await _worker.StopAsync(CancellationToken.None);

        async Task<int> NextPassAsync(string what)
        {
            try
            {
                return await passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the GC worker did not complete {what} within 30 s");
            }
        }
    }

    [Fact]
    public async Task RunOnce_BlockReferencedAgainAfterCollection_IsWrittenAgainByItsPut()
    {
        var hash = await PutReferencedAsync(1);
        await DereferenceAsync(hash);
        _time.Advance(GcDelay + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _worker.RunOnceAsync(CancellationToken.None));

        await PutReferencedAsync(1);

        Assert.True(await _store.ExistsAsync(hash));
        Assert.Equal(new RefcountState(1, null), await BlockRefcounts.GetAsync(_engine, hash));
    }

    [Fact]
    public async Task RunOnce_MoreEntriesThanOneBatch_CollectsThemAll()
    {
        const int count = BlockGcWorker.BatchSize + 5;
        await _engine.WriteAsync(tx =>
        {
            for (var i = 0; i < count; i++)
            {
                var h = BlockHash.Compute(BitConverter.GetBytes(i));
                BlockRefcounts.Increment(tx, h);
                BlockRefcounts.Decrement(tx, h, NowMs);
            }

            return 0;
        });
        var withFile = await PutReferencedAsync(7);
        await DereferenceAsync(withFile);
        _time.Advance(GcDelay * 2);

        // Only one of them has a file: the others count as collected rows, not deleted files.
        Assert.Equal(1, await _worker.RunOnceAsync(CancellationToken.None));

        Assert.Empty(await BlockRefcounts.DeletableBeforeAsync(_engine, ulong.MaxValue, 10));
        Assert.False(await _store.ExistsAsync(withFile));
    }
}
