using System.Security.Cryptography;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Handlers.Tests.Fakes;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class BodyToBlocksTests
{
    private const int BlockSize = 4096;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(BlockSize)]
    [InlineData(BlockSize + 1)]
    [InlineData((10 * BlockSize) + 123)]
    public async Task Store_CutsBodyIntoBlocksAtBlockSize_WithMd5OfTheWhole(int size)
    {
        var data = new FakeDataClient(BlockSize);
        var blocks = new BodyToBlocks(data);
        var body = TestRequests.RandomBytes(size, size);
        var version = VersionId.New();
        var stream = new MemoryStream(body);

        using var head = await blocks.ReadHeadAsync(stream, CancellationToken.None);
        var stored = await blocks.StoreAsync(head, stream, version, long.MaxValue, null, CancellationToken.None);

        Assert.Equal(size, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(body)), stored.ETag);
        Assert.Equal(body, data.Content(version));
        Assert.All(data.EntriesOf(version), e => Assert.Equal(0, e.Offset % BlockSize));
        Assert.Equal((size + BlockSize - 1) / BlockSize, data.EntriesOf(version).Count);
    }

    [Fact]
    public async Task Store_KeepsAtMostThreeBlocksInFlight()
    {
        var data = new FakeDataClient(BlockSize) { ManualPuts = true };
        var blocks = new BodyToBlocks(data);
        var body = TestRequests.RandomBytes(10 * BlockSize, 7);
        var stream = new MemoryStream(body);
        var head = await blocks.ReadHeadAsync(stream, CancellationToken.None);

        var store = blocks.StoreAsync(head, stream, VersionId.New(), long.MaxValue, null, CancellationToken.None);

        // Reads complete synchronously, so the store runs until the bound makes it wait on the oldest put.
        Assert.Equal(BodyToBlocks.MaxBlocksInFlight, data.PendingPuts.Count);
        Assert.False(store.IsCompleted);
        while (!store.IsCompleted)
        {
            data.PendingPuts.First(p => !p.Task.IsCompleted).SetResult();
        }

        await store;
        Assert.Equal(BodyToBlocks.MaxBlocksInFlight, data.MaxPendingPuts);
        Assert.Equal(10, data.PendingPuts.Count);
    }

    [Fact]
    public async Task Store_WhenAPutFails_WaitsForThePutsInFlightThenThrows()
    {
        var data = new FakeDataClient(BlockSize) { ManualPuts = true, FailPutAt = new InsufficientStorageExceptionForTest(), FailPutAtOffset = 0 };
        var blocks = new BodyToBlocks(data);
        var stream = new MemoryStream(TestRequests.RandomBytes(10 * BlockSize, 8));
        var head = await blocks.ReadHeadAsync(stream, CancellationToken.None);

        var store = blocks.StoreAsync(head, stream, VersionId.New(), long.MaxValue, null, CancellationToken.None);

        // Block 0 failed at once; blocks 1 and 2 are still in flight and hold pooled buffers.
        Assert.False(store.IsCompleted);
        foreach (var p in data.PendingPuts)
        {
            p.SetResult();
        }

        await Assert.ThrowsAsync<InsufficientStorageExceptionForTest>(() => store);
    }

    [Fact]
    public async Task Store_WithPayloadMd5FromThePipeline_UsesIt()
    {
        var data = new FakeDataClient(BlockSize);
        var blocks = new BodyToBlocks(data);
        var stream = new MemoryStream(TestRequests.RandomBytes(2 * BlockSize, 10));
        var head = await blocks.ReadHeadAsync(stream, CancellationToken.None);
        byte[] known = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

        var stored = await blocks.StoreAsync(head, stream, VersionId.New(), long.MaxValue, () => known, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(known), stored.ETag);
    }

    [Fact]
    public async Task Store_BeyondMaxBytes_IsEntityTooLarge()
    {
        var data = new FakeDataClient(BlockSize);
        var blocks = new BodyToBlocks(data);
        var stream = new MemoryStream(new byte[3 * BlockSize]);
        var head = await blocks.ReadHeadAsync(stream, CancellationToken.None);

        var e = await Assert.ThrowsAsync<S3Exception>(() => blocks.StoreAsync(head, stream, VersionId.New(), (2 * BlockSize) + 10, null, CancellationToken.None));
        Assert.Equal(S3ErrorCode.EntityTooLarge, e.Code);
    }

    [Fact]
    public async Task Store_WhenTheBodyFailsAtItsEnd_Throws()
    {
        var data = new FakeDataClient(BlockSize);
        var blocks = new BodyToBlocks(data);
        var stream = new FailingAtEndStream(TestRequests.RandomBytes(3 * BlockSize, 9));
        var head = await blocks.ReadHeadAsync(stream, CancellationToken.None);

        var e = await Assert.ThrowsAsync<S3Exception>(() => blocks.StoreAsync(head, stream, VersionId.New(), long.MaxValue, null, CancellationToken.None));
        Assert.Equal(S3ErrorCode.XAmzContentSHA256Mismatch, e.Code);
    }

    private sealed class InsufficientStorageExceptionForTest : Exception;
}

/// <summary>Serves its bytes, then throws the way the verifying body does when the payload hash is wrong.</summary>
internal sealed class FailingAtEndStream(byte[] content) : MemoryStream(content)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = Read(buffer.Span);
        return n == 0 ? throw new S3Exception(S3ErrorCode.XAmzContentSHA256Mismatch) : ValueTask.FromResult(n);
    }
}
