namespace GarageOrleans.Blocks.Tests;

public sealed class BlockStoreMarkerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Constructor_FreshDirectory_WritesTheMarker()
    {
        var dataDir = Path.Join(_dir.Path, "data");

        using var store = new BlockStore(new BlockStoreOptions { DataDir = dataDir });

        Assert.True(File.Exists(Path.Join(dataDir, BlockStore.MarkerFileName)));
    }

    [Fact]
    public async Task Constructor_DirectoryWithBlocksAndMarker_Reopens()
    {
        var (hash, data) = TestData.Block(TestData.Compressible(1000));
        using (var first = new BlockStore(new BlockStoreOptions { DataDir = _dir.Path }))
        {
            await first.PutAsync(hash, data, CancellationToken.None);
        }

        using var second = new BlockStore(new BlockStoreOptions { DataDir = _dir.Path, RequireMarker = true });

        Assert.True(await second.ExistsAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task Constructor_DirectoryWithBlocksButNoMarker_RefusesToStart()
    {
        using (var first = new BlockStore(new BlockStoreOptions { DataDir = _dir.Path }))
        {
            var (hash, data) = TestData.Block(TestData.Compressible(1000));
            await first.PutAsync(hash, data, CancellationToken.None);
        }

        File.Delete(Path.Join(_dir.Path, BlockStore.MarkerFileName));

        var e = Assert.Throws<InvalidOperationException>(() => new BlockStore(new BlockStoreOptions { DataDir = _dir.Path }));
        Assert.Contains(BlockStore.MarkerFileName, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(_dir.Path, BlockStore.MarkerFileName)));
    }

    [Fact]
    public void Constructor_RequireMarkerOnAnEmptyDirectory_RefusesToStart()
    {
        // The data disk is not mounted: its mount point is an empty directory on another filesystem.
        Assert.Throws<InvalidOperationException>(() => new BlockStore(new BlockStoreOptions { DataDir = _dir.Path, RequireMarker = true }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BlockStore.MaxBlockSizeBytes + 1)]
    public void Constructor_InvalidBlockSize_Throws(int blockSize) =>
        Assert.ThrowsAny<ArgumentException>(() => new BlockStore(new BlockStoreOptions { DataDir = _dir.Path, BlockSize = blockSize }));

    [Fact]
    public void Constructor_CompressionLevelOutOfRange_Throws() =>
        Assert.ThrowsAny<ArgumentException>(() => new BlockStore(new BlockStoreOptions { DataDir = _dir.Path, CompressionLevel = 23 }));
}
