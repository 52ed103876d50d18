namespace GarageOrleans.Blocks.Tests;

public sealed class BlockChunkerTests
{
    private const int BlockSize = 1000;

    private static async Task<List<byte[]>> ChunkAsync(Stream stream, int blockSize = BlockSize)
    {
        var blocks = new List<byte[]>();
        await foreach (var block in BlockChunker.ReadBlocksAsync(stream, blockSize))
        {
            using (block)
            {
                Assert.Equal(block.Length, block.Memory.Length);
                blocks.Add(block.Memory.ToArray());
            }
        }

        return blocks;
    }

    [Fact]
    public async Task ReadBlocks_EmptyStream_YieldsNoBlock()
    {
        Assert.Empty(await ChunkAsync(new MemoryStream()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ReadBlocks_ExactMultipleOfTheBlockSize_YieldsOnlyFullBlocks(int n)
    {
        var data = TestData.Incompressible(n * BlockSize);

        var blocks = await ChunkAsync(new MemoryStream(data));

        Assert.Equal(n, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(BlockSize, b.Length));
        Assert.Equal(data, blocks.SelectMany(b => b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task ReadBlocks_OneByteMoreThanAMultiple_EndsWithAOneByteBlock(int n)
    {
        var data = TestData.Incompressible((n * BlockSize) + 1);

        var blocks = await ChunkAsync(new MemoryStream(data));

        Assert.Equal(n + 1, blocks.Count);
        Assert.Single(blocks[^1]);
        Assert.Equal(data, blocks.SelectMany(b => b));
    }

    [Fact]
    public async Task ReadBlocks_StreamReturningShortReads_StillCutsFullBlocks()
    {
        var data = TestData.Incompressible((5 * BlockSize) + 123);

        var blocks = await ChunkAsync(new TricklingStream(data, maxPerRead: 77));

        Assert.Equal([BlockSize, BlockSize, BlockSize, BlockSize, BlockSize, 123], blocks.Select(b => b.Length));
        Assert.Equal(data, blocks.SelectMany(b => b));
    }

    [Fact]
    public async Task ReadBlock_FillsTheBufferUnlessTheStreamEnds()
    {
        var stream = new TricklingStream(TestData.Incompressible(150), maxPerRead: 7);
        var buffer = new byte[100];

        Assert.Equal(100, await BlockChunker.ReadBlockAsync(stream, buffer));
        Assert.Equal(50, await BlockChunker.ReadBlockAsync(stream, buffer));
        Assert.Equal(0, await BlockChunker.ReadBlockAsync(stream, buffer));
    }

    [Theory]
    [InlineData("1M", 1 << 20)]
    [InlineData("1MiB", 1 << 20)]
    [InlineData("1mb", 1 << 20)]
    [InlineData("10M", 10 << 20)]
    [InlineData("512K", 512 << 10)]
    [InlineData("512 KiB", 512 << 10)]
    [InlineData("1G", 1 << 30)]
    [InlineData("1048576", 1048576)]
    [InlineData("4096B", 4096)]
    [InlineData(" 64k ", 64 << 10)]
    [InlineData("0", 0)]
    public void ParseSize_AcceptsHumanSizes(string text, int expected) => Assert.Equal(expected, BlockChunker.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("1.5M")]
    [InlineData("-1")]
    [InlineData("1T")]
    [InlineData("2G")]
    [InlineData("1MiBs")]
    [InlineData("1 M B")]
    [InlineData("99999999999999999999999")]
    public void ParseSize_RejectsInvalidOrTooLargeSizes(string text)
    {
        Assert.Throws<FormatException>(() => BlockChunker.ParseSize(text));
        Assert.False(BlockChunker.TryParseSize(text, out _));
    }

    /// <summary>A stream that returns at most a few bytes per read, as sockets do.</summary>
    private sealed class TricklingStream(byte[] data, int maxPerRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxPerRead));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, maxPerRead)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, maxPerRead)], cancellationToken);
    }
}
