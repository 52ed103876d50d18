using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.Blocks.Tests;

public sealed class BlockStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private BlockStore NewStore(int? compressionLevel = 1, bool fsync = true) =>
        new(new BlockStoreOptions { DataDir = _dir.Path, CompressionLevel = compressionLevel, Fsync = fsync });

    private static string ExpectedPath(string dataDir, BlockHash hash, bool compressed)
    {
        var hex = hash.ToHex();
        return Path.Join(dataDir, hex[..2], hex[2..4], hex + (compressed ? ".zst" : ""));
    }

    private static async Task<byte[]> ReadAllAsync(BlockStore store, BlockHash hash)
    {
        using var owner = await store.ReadAsync(hash, CancellationToken.None);
        Assert.NotNull(owner);
        return owner.Memory.ToArray();
    }

    [Fact]
    public async Task PutAsync_CompressibleData_StoresZstFileThatReadsBackIdentical()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Compressible(1 << 20));

        Assert.True(await store.PutAsync(hash, data, CancellationToken.None));

        var zst = ExpectedPath(store.DataDir, hash, compressed: true);
        Assert.True(File.Exists(zst));
        Assert.False(File.Exists(ExpectedPath(store.DataDir, hash, compressed: false)));
        Assert.True(new FileInfo(zst).Length < data.Length / 2);
        Assert.Equal(data, await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task PutAsync_IncompressibleData_StoresPlainFileThatReadsBackIdentical()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Incompressible(1 << 20));

        Assert.True(await store.PutAsync(hash, data, CancellationToken.None));

        var plain = ExpectedPath(store.DataDir, hash, compressed: false);
        Assert.True(File.Exists(plain));
        Assert.Equal(data, await File.ReadAllBytesAsync(plain, CancellationToken.None));
        Assert.False(File.Exists(ExpectedPath(store.DataDir, hash, compressed: true)));
        Assert.Equal(data, await ReadAllAsync(store, hash));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public async Task PutAsync_WithCompressionOff_StoresPlainEvenWhenCompressible(int? level)
    {
        using var store = NewStore(level);
        var (hash, data) = TestData.Block(TestData.Compressible(64 * 1024));

        await store.PutAsync(hash, data, CancellationToken.None);

        Assert.True(File.Exists(ExpectedPath(store.DataDir, hash, compressed: false)));
        Assert.Equal(data, await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task ReadAsync_ZstBlockWrittenWithCompressionOn_IsReadableWithCompressionOff()
    {
        var (hash, data) = TestData.Block(TestData.Compressible(100_000));
        using (var writer = NewStore(compressionLevel: 3))
        {
            await writer.PutAsync(hash, data, CancellationToken.None);
        }

        using var reader = NewStore(compressionLevel: null);
        Assert.Equal(data, await ReadAllAsync(reader, hash));
    }

    [Fact]
    public async Task ReadAsync_ReturnsMemoryOfExactlyThePlaintextLength()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Incompressible(1000));
        await store.PutAsync(hash, data, CancellationToken.None);

        var owner = await store.ReadAsync(hash, CancellationToken.None);

        Assert.NotNull(owner);
        Assert.Equal(1000, owner.Memory.Length);
        owner.Dispose();
        owner.Dispose(); // idempotent: the array must not go back to the pool twice
        Assert.Throws<ObjectDisposedException>(() => owner.Memory);
    }

    [Fact]
    public async Task PutAsync_EmptyBlock_RoundTrips()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block([]);

        Assert.True(await store.PutAsync(hash, data, CancellationToken.None));

        Assert.Empty(await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task PutAsync_SameBlockTwice_ReturnsFalseAndKeepsOneFile()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Compressible(10_000));

        Assert.True(await store.PutAsync(hash, data, CancellationToken.None));
        Assert.False(await store.PutAsync(hash, data, CancellationToken.None));

        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(ExpectedPath(store.DataDir, hash, true))!));
    }

    [Fact]
    public async Task PutAsync_ConcurrentPutsOfOneBlock_ExactlyOneWritesIt()
    {
        using var store = NewStore(fsync: false);
        var (hash, data) = TestData.Block(TestData.Incompressible(256 * 1024));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutAsync(hash, data, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(ExpectedPath(store.DataDir, hash, false))!));
        Assert.Equal(data, await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task PutAsync_DataNotMatchingHash_ThrowsAndWritesNothing()
    {
        using var store = NewStore();
        var hash = BlockHash.Compute("something else"u8);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(hash, TestData.Incompressible(100), CancellationToken.None));

        Assert.False(await store.ExistsAsync(hash, CancellationToken.None));
        Assert.Equal([Path.Join(store.DataDir, BlockStore.MarkerFileName)], Directory.GetFileSystemEntries(store.DataDir));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_FileWithAFlippedByte_ThrowsCorruptedAndSetsTheFileAside(bool compressible)
    {
        using var store = NewStore();
        var data = compressible ? TestData.Compressible(200_000) : TestData.Incompressible(200_000);
        var (hash, _) = TestData.Block(data);
        await store.PutAsync(hash, data, CancellationToken.None);
        var path = ExpectedPath(store.DataDir, hash, compressible);
        var bytes = await File.ReadAllBytesAsync(path, CancellationToken.None);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes, CancellationToken.None);

        var e = await Assert.ThrowsAsync<BlockCorruptedException>(() => store.ReadAsync(hash, CancellationToken.None));

        Assert.Equal(hash, e.Hash);
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(path + ".corrupted"));
        Assert.Null(await store.ReadAsync(hash, CancellationToken.None));
        Assert.False(await store.ExistsAsync(hash, CancellationToken.None));
        // A fresh copy (from another replica) can then be stored again.
        Assert.True(await store.PutAsync(hash, data, CancellationToken.None));
        Assert.Equal(data, await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task ReadAsync_TruncatedZstFile_ThrowsCorrupted()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Compressible(200_000));
        await store.PutAsync(hash, data, CancellationToken.None);
        var path = ExpectedPath(store.DataDir, hash, compressed: true);
        var bytes = await File.ReadAllBytesAsync(path, CancellationToken.None);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)], CancellationToken.None);

        await Assert.ThrowsAsync<BlockCorruptedException>(() => store.ReadAsync(hash, CancellationToken.None));

        Assert.True(File.Exists(path + ".corrupted"));
    }

    [Fact]
    public async Task ReadAsync_MissingBlock_ReturnsNull()
    {
        using var store = NewStore();

        Assert.Null(await store.ReadAsync(BlockHash.Compute("absent"u8), CancellationToken.None));
        Assert.False(await store.ExistsAsync(BlockHash.Compute("absent"u8), CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheBlock_AndReportsWhetherItExisted()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Compressible(5000));
        await store.PutAsync(hash, data, CancellationToken.None);

        Assert.True(await store.DeleteAsync(hash, CancellationToken.None));

        Assert.False(await store.ExistsAsync(hash, CancellationToken.None));
        Assert.Null(await store.ReadAsync(hash, CancellationToken.None));
        Assert.False(await store.DeleteAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_ReturnsEachStoredBlockOnce_AndIgnoresTempCorruptedAndForeignFiles()
    {
        using var store = NewStore(fsync: false);
        var stored = new List<BlockHash>();
        for (var i = 0; i < 20; i++)
        {
            var (hash, data) = TestData.Block(i % 2 == 0 ? TestData.Compressible(3000, seed: i) : TestData.Incompressible(3000, seed: i));
            await store.PutAsync(hash, data, CancellationToken.None);
            stored.Add(hash);
        }

        var (other, _) = TestData.Block("not stored"u8.ToArray());
        var plainPath = ExpectedPath(store.DataDir, other, compressed: false);
        Directory.CreateDirectory(Path.GetDirectoryName(plainPath)!);
        await File.WriteAllTextAsync(plainPath + ".tmp-0123456789abcdef", "half", CancellationToken.None);
        await File.WriteAllTextAsync(plainPath + ".corrupted", "bad", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Join(Path.GetDirectoryName(plainPath)!, "README"), "x", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Join(Path.GetDirectoryName(plainPath)!, other.ToHex().ToUpperInvariant()), "x", CancellationToken.None);
        await File.WriteAllTextAsync(plainPath[..^1] + "z", "x", CancellationToken.None);
        // The same block plain and compressed (after a change of compression level) is still one block.
        File.Copy(ExpectedPath(store.DataDir, stored[1], false), ExpectedPath(store.DataDir, stored[1], true));

        var listed = new List<BlockHash>();
        await foreach (var hash in store.ListAsync(CancellationToken.None))
        {
            listed.Add(hash);
        }

        Assert.Equal(stored.Order(), listed.Order());
    }

    [Fact]
    public async Task PutAsync_WhenTheDiskIsFull_ThrowsInsufficientStorageAndLeavesNoFileBehind()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Incompressible(4096));
        string? tempSeen = null;
        store.AfterTempWrittenForTests = temp =>
        {
            tempSeen = temp;
            Assert.True(File.Exists(temp));
            throw new IOException("No space left on device", OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28);
        };

        await Assert.ThrowsAsync<InsufficientStorageException>(() => store.PutAsync(hash, data, CancellationToken.None));

        Assert.NotNull(tempSeen);
        Assert.False(File.Exists(tempSeen));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(tempSeen)!));
        Assert.False(await store.ExistsAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_OtherIOErrors_PropagateAndLeaveNoFileBehind()
    {
        using var store = NewStore();
        var (hash, data) = TestData.Block(TestData.Incompressible(4096));
        string? tempSeen = null;
        store.AfterTempWrittenForTests = temp => throw new IOException("i/o error " + (tempSeen = temp), 5);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(hash, data, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(tempSeen)!));
    }

    [Fact]
    public void DiskFull_RecognisesTheErrorOfARealFullDevice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /dev/full is Linux-only (xunit 2 has no dynamic skip)
        }

        using var stream = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);

        var e = Assert.ThrowsAny<IOException>(() => stream.Write(new byte[4096]));

        Assert.True(DiskFull.Is(e), $"HResult {e.HResult}: {e.Message}");
        Assert.False(DiskFull.Is(new IOException("other", 5)));
    }

    [Fact]
    public void DiskSpace_ReportsTheFilesystemOfTheDataDir()
    {
        using var store = NewStore();

        var (available, total) = store.DiskSpace();

        Assert.InRange(total, 1, long.MaxValue);
        Assert.InRange(available, 0, total);
    }
}
