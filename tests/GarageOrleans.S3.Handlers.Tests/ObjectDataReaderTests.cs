using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Handlers.Tests.Fakes;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class ObjectDataReaderTests
{
    private const int BlockSize = 1000;

    private static async Task<byte[]> ReadAllAsync(ObjectDataReader reader, ObjectVersionInfo obj, long start, long length)
    {
        var output = new MemoryStream();
        await foreach (var slice in reader.ReadAsync(obj, start, length, CancellationToken.None))
        {
            using (slice)
            {
                output.Write(slice.Memory.Span);
            }
        }

        return output.ToArray();
    }

    private static ObjectVersionInfo Object(params (VersionId Version, long Size)[] parts) =>
        new(VersionId.New(), 1, new ObjectMeta(parts.Sum(p => p.Size), "e", []), null,
            parts.Select((p, i) => new ObjectPart(i + 1, p.Version, p.Size, "e")).ToList());

    [Theory]
    [InlineData(0, 5500)]
    [InlineData(999, 2)]
    [InlineData(2500, 1)]
    [InlineData(1234, 3000)]
    [InlineData(2499, 3001)]
    [InlineData(5499, 1)]
    public async Task Read_AnyRangeAcrossBlocksAndParts_ReturnsExactlyThoseBytes(long start, long length)
    {
        var data = new FakeDataClient(BlockSize);
        var (p1, p2) = (VersionId.New(), VersionId.New());
        var c1 = data.AddVersion(p1, 1000, 1000, 500);
        var c2 = data.AddVersion(p2, 1000, 1000, 1000);
        var whole = c1.Concat(c2).ToArray();

        var bytes = await ReadAllAsync(new ObjectDataReader(data), Object((p1, 2500), (p2, 3000)), start, length);

        Assert.Equal(whole.AsSpan((int)start, (int)length).ToArray(), bytes);
        Assert.Equal(0, data.OutstandingBlockOwners);
    }

    [Fact]
    public async Task Read_PartWithOtherBlockSizes_FallsBackToListingFromZero()
    {
        var data = new FakeDataClient(BlockSize);
        var v = VersionId.New();
        var content = data.AddVersion(v, 700, 700, 700);

        var bytes = await ReadAllAsync(new ObjectDataReader(data), Object((v, 2100)), 1500, 300);

        Assert.Equal(content.AsSpan(1500, 300).ToArray(), bytes);
    }

    [Fact]
    public async Task Read_ManyBlocks_PagesThroughTheBlockList()
    {
        var data = new FakeDataClient(10);
        var v = VersionId.New();
        var content = data.AddVersion(v, Enumerable.Repeat(10, 600).ToArray());

        var bytes = await ReadAllAsync(new ObjectDataReader(data), Object((v, 6000)), 0, 6000);

        Assert.Equal(content, bytes);
        Assert.Equal(3, data.ListCalls);
    }

    [Fact]
    public async Task Read_MissingBlockEntry_ThrowsInsteadOfServingShortData()
    {
        var data = new FakeDataClient(BlockSize);
        var v = VersionId.New();
        data.AddVersion(v, 1000, 1000, 1000);
        data.RemoveEntry(v, 1000);

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new ObjectDataReader(data), Object((v, 3000)), 0, 3000));
        Assert.Equal(0, data.OutstandingBlockOwners);
    }

    [Fact]
    public async Task Read_StoppedEarly_GivesBackEveryFetchedBlock()
    {
        var data = new FakeDataClient(BlockSize);
        var v = VersionId.New();
        data.AddVersion(v, Enumerable.Repeat(1000, 10).ToArray());

        await foreach (var slice in new ObjectDataReader(data).ReadAsync(Object((v, 10_000)), 0, 10_000, CancellationToken.None))
        {
            slice.Dispose();
            break;
        }

        Assert.Equal(0, data.OutstandingBlockOwners);
    }

    [Fact]
    public async Task Read_InlineObject_SlicesTheInlineData()
    {
        var inline = TestRequests.RandomBytes(100, 3);
        var obj = new ObjectVersionInfo(VersionId.New(), 1, new ObjectMeta(100, "e", []), inline, []);

        var bytes = await ReadAllAsync(new ObjectDataReader(new FakeDataClient(BlockSize)), obj, 10, 20);

        Assert.Equal(inline.AsSpan(10, 20).ToArray(), bytes);
    }
}
