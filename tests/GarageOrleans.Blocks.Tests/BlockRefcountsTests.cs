using GarageOrleans.Primitives;

namespace GarageOrleans.Blocks.Tests;

public sealed class BlockRefcountsTests
{
    private static readonly BlockHash A = BlockHash.Compute("a"u8);
    private static readonly BlockHash B = BlockHash.Compute("b"u8);
    private static readonly BlockHash C = BlockHash.Compute("c"u8);
    private readonly InMemoryMetadataEngine _engine = new();

    [Fact]
    public async Task Get_UnknownBlock_IsAbsent()
    {
        Assert.True((await BlockRefcounts.GetAsync(_engine, A)).IsAbsent);
        Assert.True(await _engine.WriteAsync(tx => BlockRefcounts.Get(tx, A).IsAbsent));
    }

    [Fact]
    public async Task Increment_Twice_CountsTwo_AndTheRowStartsWithItsFormatTag()
    {
        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, A); BlockRefcounts.Increment(tx, A); return 0; });

        Assert.Equal(new RefcountState(2, null), await BlockRefcounts.GetAsync(_engine, A));
        var row = await _engine.GetAsync(BlockRefcounts.RefcountTree, A.Value.ToArray());
        Assert.Equal(1, row![0]);
        Assert.Empty(await BlockRefcounts.DeletableBeforeAsync(_engine, ulong.MaxValue, 10));
    }

    [Fact]
    public async Task Decrement_ToZero_MakesTheBlockDeletableFromThatTime()
    {
        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, A); BlockRefcounts.Increment(tx, A); return 0; });

        await _engine.WriteAsync(tx => { BlockRefcounts.Decrement(tx, A, 1000); return 0; });
        Assert.Equal(new RefcountState(1, null), await BlockRefcounts.GetAsync(_engine, A));

        await _engine.WriteAsync(tx => { BlockRefcounts.Decrement(tx, A, 2000); return 0; });
        var state = await BlockRefcounts.GetAsync(_engine, A);
        Assert.True(state.IsDeletable);
        Assert.Equal(2000UL, state.DeletableSinceMs);
    }

    [Fact]
    public async Task Decrement_AtZeroOrAbsent_NeverGoesBelowZeroNorMovesTheDeadline()
    {
        await _engine.WriteAsync(tx => { BlockRefcounts.Decrement(tx, A, 500); return 0; });
        Assert.True((await BlockRefcounts.GetAsync(_engine, A)).IsAbsent);

        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, B); BlockRefcounts.Decrement(tx, B, 1000); return 0; });
        await _engine.WriteAsync(tx => { BlockRefcounts.Decrement(tx, B, 5000); return 0; });

        Assert.Equal(new RefcountState(0, 1000), await BlockRefcounts.GetAsync(_engine, B));
        Assert.Equal([B], await BlockRefcounts.DeletableBeforeAsync(_engine, ulong.MaxValue, 10));
        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, B); return 0; });
        Assert.Equal(new RefcountState(1, null), await BlockRefcounts.GetAsync(_engine, B));
    }

    [Fact]
    public async Task Increment_OfADeletableBlock_TakesItOffTheGcIndex()
    {
        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, A); BlockRefcounts.Decrement(tx, A, 1000); return 0; });
        Assert.Equal([A], await BlockRefcounts.DeletableBeforeAsync(_engine, 1001, 10));

        await _engine.WriteAsync(tx => { BlockRefcounts.Increment(tx, A); return 0; });

        Assert.Empty(await BlockRefcounts.DeletableBeforeAsync(_engine, ulong.MaxValue, 10));
        Assert.Equal(new RefcountState(1, null), await BlockRefcounts.GetAsync(_engine, A));
    }

    [Fact]
    public async Task DeletableBefore_ReturnsBlocksAtZeroStrictlyBeforeTheCutoff_OldestFirst_UpToTheLimit()
    {
        await _engine.WriteAsync(tx =>
        {
            foreach (var h in new[] { A, B, C })
            {
                BlockRefcounts.Increment(tx, h);
            }

            BlockRefcounts.Decrement(tx, C, 100);
            BlockRefcounts.Decrement(tx, A, 300);
            BlockRefcounts.Decrement(tx, B, 200);
            return 0;
        });

        Assert.Equal([C, B], await BlockRefcounts.DeletableBeforeAsync(_engine, 300, 10));
        Assert.Equal([C, B, A], await BlockRefcounts.DeletableBeforeAsync(_engine, 301, 10));
        Assert.Equal([C], await BlockRefcounts.DeletableBeforeAsync(_engine, 301, 1));
        Assert.Empty(await BlockRefcounts.DeletableBeforeAsync(_engine, 100, 10));
    }
}
