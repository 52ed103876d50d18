using Amazon.S3;
using Amazon.S3.Model;

namespace GarageOrleans.Integration.Tests;

[Collection(NodeCollection.Name)]
public class ListTests(NodeFixture fixture)
{
    private readonly AmazonS3Client _s3 = fixture.S3;

    private async Task<string> BucketWithAsync(params string[] keys)
    {
        var bucket = await fixture.NewBucketAsync();
        foreach (var key in keys)
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        return bucket;
    }

    [Fact]
    public async Task ListObjectsV2_WithDelimiter_RollsUpCommonPrefixes()
    {
        var bucket = await BucketWithAsync("a.txt", "dir/1", "dir/2", "dir/sub/3", "other/x", "z");
        var list = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" });
        Assert.Equal(["a.txt", "z"], list.S3Objects.Select(o => o.Key));
        Assert.Equal(["dir/", "other/"], list.CommonPrefixes);

        var inDir = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "dir/", Delimiter = "/" });
        Assert.Equal(["dir/1", "dir/2"], inDir.S3Objects.Select(o => o.Key));
        Assert.Equal(["dir/sub/"], inDir.CommonPrefixes);
    }

    [Fact]
    public async Task ListObjectsV2_Paginates_WithContinuationToken_AndStartAfter()
    {
        var keys = Enumerable.Range(0, 25).Select(i => $"k{i:D3}").ToArray();
        var bucket = await BucketWithAsync(keys);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 10, ContinuationToken = token });
            seen.AddRange(page.S3Objects.Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);

        var after = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "k020" });
        Assert.Equal(["k021", "k022", "k023", "k024"], after.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task ListObjectsV1_WithMarker_Paginates()
    {
        var keys = Enumerable.Range(0, 7).Select(i => $"m{i}").ToArray();
        var bucket = await BucketWithAsync(keys);
        var first = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, MaxKeys = 4 });
        Assert.True(first.IsTruncated);
        Assert.Equal(keys[..4], first.S3Objects.Select(o => o.Key));
        var second = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Marker = "m3" });
        Assert.Equal(keys[4..], second.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task ListObjects_HidesDeletedKeys_AndTheirPrefixes()
    {
        var bucket = await BucketWithAsync("gone/a", "gone/b", "kept");
        await _s3.DeleteObjectAsync(bucket, "gone/a");
        await _s3.DeleteObjectAsync(bucket, "gone/b");
        var list = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" });
        Assert.Equal(["kept"], list.S3Objects.Select(o => o.Key));
        Assert.Empty(list.CommonPrefixes ?? []);
    }
}
