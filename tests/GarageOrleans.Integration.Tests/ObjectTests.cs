using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace GarageOrleans.Integration.Tests;

[Collection(NodeCollection.Name)]
public class ObjectTests(NodeFixture fixture)
{
    private readonly AmazonS3Client _s3 = fixture.S3;

    public static TheoryData<int> Sizes => new() { 0, 1, 3071, 3072, 1 << 20, (1 << 20) + 1, 5 * (1 << 20) + 12345 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task PutObject_ThenGetObject_ReturnsSameBytesAndMd5ETag(int size)
    {
        var bucket = await fixture.NewBucketAsync();
        var data = RandomBytes(size, seed: size);

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "obj", InputStream = new MemoryStream(data) });
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(data))}\"", put.ETag);

        using var get = await _s3.GetObjectAsync(bucket, "obj");
        Assert.Equal(data, await ReadAllAsync(get.ResponseStream));
        Assert.Equal(put.ETag, get.ETag);
        Assert.Equal(size, get.ContentLength);
    }

    [Fact]
    public async Task PutObject_WithMetadataAndHeaders_ReturnsThemOnGetAndHead()
    {
        var bucket = await fixture.NewBucketAsync();
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = "docs/report.txt",
            ContentBody = "hello",
            ContentType = "text/plain; charset=utf-8",
        };
        request.Metadata.Add("x-amz-meta-owner", "alice");
        request.Headers.ContentDisposition = "attachment; filename=\"r.txt\"";
        request.Headers.CacheControl = "max-age=60";
        request.Headers.ContentEncoding = "identity";
        await _s3.PutObjectAsync(request);

        var head = await _s3.GetObjectMetadataAsync(bucket, "docs/report.txt");
        Assert.Equal("text/plain; charset=utf-8", head.Headers.ContentType);
        Assert.Equal("alice", head.Metadata["x-amz-meta-owner"]);
        Assert.Equal("attachment; filename=\"r.txt\"", head.Headers.ContentDisposition);
        Assert.Equal("max-age=60", head.Headers.CacheControl);
        Assert.Equal(5, head.ContentLength);
    }

    [Fact]
    public async Task GetObject_OfMissingKey_ReturnsNoSuchKey()
    {
        var bucket = await fixture.NewBucketAsync();
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "missing"));
        Assert.Equal("NoSuchKey", e.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task GetObject_InMissingBucket_ReturnsNoSuchBucket()
    {
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync("no-such-bucket-here", "k"));
        Assert.Equal("NoSuchBucket", e.ErrorCode);
    }

    [Theory]
    [InlineData(0, 99)]
    [InlineData(1000, 1048576 + 500)]
    [InlineData(2097152, 3000000 - 1)]
    public async Task GetObject_WithRange_ReturnsThatSlice(long from, long to)
    {
        var bucket = await fixture.NewBucketAsync();
        var data = RandomBytes(3_000_000, seed: 7);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r", InputStream = new MemoryStream(data) });

        using var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = new ByteRange(from, to) });
        Assert.Equal(HttpStatusCode.PartialContent, get.HttpStatusCode);
        Assert.Equal(data[(int)from..(int)(to + 1)], await ReadAllAsync(get.ResponseStream));
        Assert.Equal($"bytes {from}-{to}/{data.Length}", get.ContentRange);
    }

    [Fact]
    public async Task GetObject_WithUnsatisfiableRange_ReturnsInvalidRange()
    {
        var bucket = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small", ContentBody = "12345" });
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "small", ByteRange = new ByteRange(10, 20) }));
        Assert.Equal("InvalidRange", e.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, e.StatusCode);
    }

    [Fact]
    public async Task GetObject_WithIfNoneMatchCurrentETag_ReturnsNotModified_AndIfMatchOther_PreconditionFailed()
    {
        var bucket = await fixture.NewBucketAsync();
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c", ContentBody = "v1" });

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToMatch = "\"0123\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);

        using var ok = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToMatch = put.ETag });
        Assert.Equal(HttpStatusCode.OK, ok.HttpStatusCode);
    }

    [Fact]
    public async Task PutObject_Overwrite_GetReturnsNewest()
    {
        var bucket = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", InputStream = new MemoryStream(RandomBytes(2_000_000, 1)) });
        var second = RandomBytes(1_500_000, 2);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", InputStream = new MemoryStream(second) });
        using var get = await _s3.GetObjectAsync(bucket, "k");
        Assert.Equal(second, await ReadAllAsync(get.ResponseStream));
    }

    [Fact]
    public async Task DeleteObject_ThenGet_ReturnsNoSuchKey_AndDeletingAgainSucceeds()
    {
        var bucket = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "d", ContentBody = "x" });
        var delete = await _s3.DeleteObjectAsync(bucket, "d");
        Assert.Equal(HttpStatusCode.NoContent, delete.HttpStatusCode);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "d"));
        var again = await _s3.DeleteObjectAsync(bucket, "d");
        Assert.Equal(HttpStatusCode.NoContent, again.HttpStatusCode);
    }

    [Fact]
    public async Task DeleteObjects_RemovesEveryListedKey()
    {
        var bucket = await fixture.NewBucketAsync();
        for (var i = 0; i < 5; i++)
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"k{i}", ContentBody = "x" });
        }

        var result = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "k0" }, new KeyVersion { Key = "k1" }, new KeyVersion { Key = "k4" }, new KeyVersion { Key = "nope" }],
        });
        Assert.Equal(4, result.DeletedObjects.Count);
        var list = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["k2", "k3"], list.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task CopyObject_WithinAndAcrossBuckets_CopiesDataAndMetadata()
    {
        var source = await fixture.NewBucketAsync();
        var target = await fixture.NewBucketAsync();
        var data = RandomBytes(2_500_000, 3);
        var put = new PutObjectRequest { BucketName = source, Key = "src", InputStream = new MemoryStream(data), ContentType = "image/png" };
        put.Metadata.Add("x-amz-meta-a", "1");
        await _s3.PutObjectAsync(put);

        await _s3.CopyObjectAsync(source, "src", source, "copy-here");
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = source,
            SourceKey = "src",
            DestinationBucket = target,
            DestinationKey = "dir/copied",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "text/plain",
        });

        using var same = await _s3.GetObjectAsync(source, "copy-here");
        Assert.Equal(data, await ReadAllAsync(same.ResponseStream));
        Assert.Equal("image/png", same.Headers.ContentType);
        Assert.Equal("1", same.Metadata["x-amz-meta-a"]);

        using var across = await _s3.GetObjectAsync(target, "dir/copied");
        Assert.Equal(data, await ReadAllAsync(across.ResponseStream));
        Assert.Equal("text/plain", across.Headers.ContentType);
        Assert.Empty(across.Metadata.Keys);

        // Deleting the source must not affect the copies: blocks are shared, references are counted.
        await _s3.DeleteObjectAsync(source, "src");
        using var still = await _s3.GetObjectAsync(target, "dir/copied");
        Assert.Equal(data, await ReadAllAsync(still.ResponseStream));
    }

    [Fact]
    public async Task PutObject_WithWrongContentMd5_ReturnsBadDigest_AndKeepsPreviousVersion()
    {
        var bucket = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "m", ContentBody = "original" });
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "m",
            ContentBody = "replacement",
            MD5Digest = Convert.ToBase64String(MD5.HashData("something else"u8.ToArray())),
        }));
        Assert.Equal("BadDigest", e.ErrorCode);
        using var get = await _s3.GetObjectAsync(bucket, "m");
        Assert.Equal("original", await new StreamReader(get.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task PutObject_WithKeyOver1024Bytes_ReturnsKeyTooLong()
    {
        var bucket = await fixture.NewBucketAsync();
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = new string('k', 1025), ContentBody = "x" }));
        Assert.Equal("KeyTooLongError", e.ErrorCode);
    }

    [Fact]
    public async Task PutObject_KeysWithSpecialCharacters_RoundTrip()
    {
        var bucket = await fixture.NewBucketAsync();
        string[] keys = ["a b/c+d", "é&\"'<>", "dir//double", "trailing/", "100%", "日本語/ファイル.txt", "?question#hash"];
        foreach (var key in keys)
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        foreach (var key in keys)
        {
            using var get = await _s3.GetObjectAsync(bucket, key);
            Assert.Equal(key, await new StreamReader(get.ResponseStream).ReadToEndAsync());
        }

        var list = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(keys.Order(StringComparer.Ordinal), list.S3Objects.Select(o => o.Key));
    }

    internal static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms);
        return ms.ToArray();
    }
}
