using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace GarageOrleans.Integration.Tests;

[Collection(NodeCollection.Name)]
public class MultipartTests(NodeFixture fixture)
{
    private const int PartSize = 5 << 20;
    private readonly AmazonS3Client _s3 = fixture.S3;

    [Fact]
    public async Task MultipartUpload_Complete_ObjectIsConcatenationWithMultipartETag()
    {
        var bucket = await fixture.NewBucketAsync();
        var parts = new[] { ObjectTests.RandomBytes(PartSize, 1), ObjectTests.RandomBytes(PartSize, 2), ObjectTests.RandomBytes(1234, 3) };
        var init = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "big", ContentType = "video/mp4" });

        var uploads = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Contains(uploads.MultipartUploads, u => u.UploadId == init.UploadId && u.Key == "big");

        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = "big",
                UploadId = init.UploadId,
                PartNumber = i + 1,
                InputStream = new MemoryStream(parts[i]),
            });
            Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(parts[i]))}\"", part.ETag);
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        var listed = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId });
        Assert.Equal([1, 2, 3], listed.Parts.Select(p => p.PartNumber ?? 0));

        var complete = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big",
            UploadId = init.UploadId,
            PartETags = etags,
        });
        var expected = MD5.HashData(parts.SelectMany(p => MD5.HashData(p)).ToArray());
        Assert.Equal($"\"{Convert.ToHexStringLower(expected)}-3\"", complete.ETag);

        using var get = await _s3.GetObjectAsync(bucket, "big");
        Assert.Equal(parts.SelectMany(p => p).ToArray(), await ObjectTests.ReadAllAsync(get.ResponseStream));
        Assert.Equal("video/mp4", get.Headers.ContentType);

        var after = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(after.MultipartUploads ?? []);
    }

    [Fact]
    public async Task MultipartUpload_WithSmallNonLastPart_ReturnsEntityTooSmall()
    {
        var bucket = await fixture.NewBucketAsync();
        var init = await _s3.InitiateMultipartUploadAsync(bucket, "small");
        var p1 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "small", UploadId = init.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100]) });
        var p2 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "small", UploadId = init.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[100]) });
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "small",
            UploadId = init.UploadId,
            PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        }));
        Assert.Equal("EntityTooSmall", e.ErrorCode);
    }

    [Fact]
    public async Task MultipartUpload_Abort_ThenUploadPart_ReturnsNoSuchUpload_AndPreviousObjectStays()
    {
        var bucket = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "previous" });
        var init = await _s3.InitiateMultipartUploadAsync(bucket, "k");
        await _s3.AbortMultipartUploadAsync(bucket, "k", init.UploadId);
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = init.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(new byte[10]),
        }));
        Assert.Equal("NoSuchUpload", e.ErrorCode);
        using var get = await _s3.GetObjectAsync(bucket, "k");
        Assert.Equal("previous", await new StreamReader(get.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task CompleteMultipartUpload_WithWrongETag_ReturnsInvalidPart()
    {
        var bucket = await fixture.NewBucketAsync();
        var init = await _s3.InitiateMultipartUploadAsync(bucket, "k");
        await _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = init.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[10]) });
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = init.UploadId,
            PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")],
        }));
        Assert.Equal("InvalidPart", e.ErrorCode);
    }
}
