using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GarageOrleans.Integration.Tests;

/// <summary>
/// What writers that died leave behind is found and freed by the node's workers alone: blocks of a single PUT left
/// Uploading, blocks of an upload whose Uploading entry a newer PUT dropped, an abandoned multipart upload, and a temp
/// file from a block write cut short. Afterwards the block directory holds exactly the blocks of the live objects.
/// </summary>
public sealed class UploadRepairTests : IAsyncLifetime
{
    private const int BlockSize = 1 << 20;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private TestNode _node = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Blocks:UploadTimeout"] = "2s",
            ["Blocks:AbortIncompleteMultipartAfter"] = "3s",
            ["Blocks:GcDelay"] = "1s",
        });
        _s3 = _node.S3Client();
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task DeadWritersLeftovers_AreReleased_AndLiveObjectsStayIntact()
    {
        var bucket = UniqueNames.Bucket();
        await _s3.PutBucketAsync(bucket);
        var bucketId = (await _node.Grains.GetGrain<IBucketGrain>(bucket).GetAsync())!.Id;
        var data = _node.Node.Services.GetRequiredService<IObjectDataClient>();

        // Live objects: what must stay.
        var live = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            live[$"live-{i}"] = RandomNumberGenerator.GetBytes((2 * BlockSize) + (i * 1000) + 5000);
            await PutAsync(bucket, $"live-{i}", live[$"live-{i}"]);
        }

        // A single PUT whose writer died: Uploading, two blocks written, never completed.
        var stuck = _node.Grains.GetGrain<IObjectGrain>(ObjectGrainKey.Of(bucketId, "stuck"));
        var stuckVersion = await stuck.BeginUploadAsync(VersionId.New(), multipart: false, pendingMeta: null);
        await WriteBlocksAsync(data, stuckVersion, 2);

        // A single PUT whose writer died after a newer PUT of the same key completed: its Uploading entry was dropped
        // from the object row, so only its version header still knows whose blocks they are.
        var dropped = _node.Grains.GetGrain<IObjectGrain>(ObjectGrainKey.Of(bucketId, "overwritten"));
        var droppedVersion = await dropped.BeginUploadAsync(VersionId.New(), multipart: false, pendingMeta: null);
        await WriteBlocksAsync(data, droppedVersion, 2);
        live["overwritten"] = RandomNumberGenerator.GetBytes(BlockSize + 7);
        await PutAsync(bucket, "overwritten", live["overwritten"]);

        // A multipart upload abandoned by its client after one part.
        var upload = await _s3.InitiateMultipartUploadAsync(bucket, "abandoned");
        using (var part = new MemoryStream(RandomNumberGenerator.GetBytes(5 << 20)))
        {
            await _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "abandoned", UploadId = upload.UploadId, PartNumber = 1, InputStream = part });
        }

        // A multipart upload abandoned before its first part: no data version points at it, so only a walk of the open
        // uploads finds it.
        await _s3.InitiateMultipartUploadAsync(bucket, "abandoned-empty");

        // The temp file of a block write that died with an earlier process.
        var blocksDir = Path.Combine(_node.DataRoot, "blocks");
        var tempDir = Directory.CreateDirectory(Path.Combine(blocksDir, "ab", "cd")).FullName;
        var temp = Path.Combine(tempDir, new string('a', 4) + "bcd" + new string('0', 57) + ".tmp-00000000deadbeef");
        await File.WriteAllBytesAsync(temp, new byte[4096]);
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow - TimeSpan.FromHours(2));

        var expectedBytes = live.Values.Sum(b => (long)b.Length);
        var before = BlockBytes(blocksDir);
        Assert.True(before > expectedBytes + (9L * BlockSize), $"the leftovers are on disk to begin with: {before} bytes");

        var deadline = DateTime.UtcNow + SettleTimeout;
        long after;
        while ((after = BlockBytes(blocksDir)) != expectedBytes || File.Exists(temp))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"block files hold {after} bytes after {SettleTimeout.TotalSeconds:F0} s, expected {expectedBytes} (live objects only); temp file left: {File.Exists(temp)}");
            await Task.Delay(250);
        }

        while ((await _s3.ListMultipartUploadsAsync(bucket)).MultipartUploads is { Count: > 0 } open)
        {
            Assert.True(DateTime.UtcNow < deadline, $"still open after {SettleTimeout.TotalSeconds:F0} s: {string.Join(", ", open.Select(u => u.Key))}");
            await Task.Delay(250);
        }

        foreach (var (key, body) in live)
        {
            using var get = await _s3.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            Assert.True(copy.ToArray().AsSpan().SequenceEqual(body), $"{key} reads back byte for byte");
        }

        var notFound = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "stuck"));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Empty((await _s3.ListMultipartUploadsAsync(bucket)).MultipartUploads ?? []);
        Assert.Equal(live.Keys.Order(StringComparer.Ordinal), (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key));
    }

    private async Task PutAsync(string bucket, string key, byte[] body)
    {
        using var stream = new MemoryStream(body);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = stream });
    }

    private static async Task WriteBlocksAsync(IObjectDataClient data, VersionId version, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var block = RandomNumberGenerator.GetBytes(BlockSize);
            await data.PutBlockAsync(version, (long)i * BlockSize, BlockHash.Compute(block), block, CancellationToken.None);
        }
    }

    /// <summary>Bytes in block files and temp files (everything under the block directory but its marker).</summary>
    private static long BlockBytes(string blocksDir) =>
        Directory.EnumerateFiles(blocksDir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "garage-marker")
            .Sum(f => new FileInfo(f).Length);
}
