using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using GarageOrleans.Abstractions;
using GarageOrleans.Testing;

namespace GarageOrleans.Integration.Tests;

[Collection(NodeCollection.Name)]
public class BucketTests(NodeFixture fixture)
{
    private readonly AmazonS3Client _s3 = fixture.S3;

    [Fact]
    public async Task CreateBucket_ThenListBuckets_ShowsIt_AndHeadBucketSucceeds()
    {
        var name = UniqueNames.Bucket();
        await _s3.PutBucketAsync(name);
        var list = await _s3.ListBucketsAsync();
        Assert.Contains(list.Buckets, b => b.BucketName == name);
        var head = await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = name });
        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
    }

    [Fact]
    public async Task CreateBucket_Twice_ReturnsBucketAlreadyOwnedByYou_AndForOtherKeyBucketAlreadyExists()
    {
        var name = await fixture.NewBucketAsync();
        var own = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutBucketAsync(name));
        Assert.Equal("BucketAlreadyOwnedByYou", own.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);

        var other = await fixture.Node.CreateKeyAsync("other");
        using var otherClient = fixture.Node.S3Client(other.AccessKeyId, other.SecretAccessKey);
        var taken = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => otherClient.PutBucketAsync(name));
        Assert.Equal("BucketAlreadyExists", taken.ErrorCode);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("UpperCase")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    [InlineData("192.168.1.1")]
    public async Task CreateBucket_WithInvalidName_ReturnsInvalidBucketName(string name)
    {
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutBucketAsync(name));
        Assert.Equal("InvalidBucketName", e.ErrorCode);
    }

    [Fact]
    public async Task DeleteBucket_WhenNotEmpty_ReturnsBucketNotEmpty_ThenSucceedsWhenEmpty()
    {
        var name = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "x", ContentBody = "x" });
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.DeleteBucketAsync(name));
        Assert.Equal("BucketNotEmpty", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);

        await _s3.DeleteObjectAsync(name, "x");
        var deleted = await _s3.DeleteBucketAsync(name);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = name }));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task GetBucketLocation_ReturnsConfiguredRegion()
    {
        var name = await fixture.NewBucketAsync();
        var location = await _s3.GetBucketLocationAsync(name);
        Assert.Equal("garage", location.Location.Value);
    }

    [Fact]
    public async Task KeyWithoutPermission_IsDenied_UntilAllowed()
    {
        var name = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "x", ContentBody = "secret" });
        var reader = await fixture.Node.CreateKeyAsync("reader", allowCreateBucket: false);
        using var client = fixture.Node.S3Client(reader.AccessKeyId, reader.SecretAccessKey);

        var denied = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(name, "x"));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        var cannotCreate = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.PutBucketAsync(UniqueNames.Bucket()));
        Assert.Equal("AccessDenied", cannotCreate.ErrorCode);

        await fixture.Node.Grains.GetGrain<IBucketGrain>(name).SetPermissionAsync(reader.AccessKeyId, new BucketPermission(true, false, false), allow: true);
        using var get = await client.GetObjectAsync(name, "x");
        Assert.Equal("secret", await new StreamReader(get.ResponseStream).ReadToEndAsync());
        var cannotWrite = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "y", ContentBody = "no" }));
        Assert.Equal("AccessDenied", cannotWrite.ErrorCode);
        var buckets = await client.ListBucketsAsync();
        Assert.Equal([name], buckets.Buckets.Select(b => b.BucketName));
    }

    [Fact]
    public async Task KeyCatalog_ListsLiveKeys_AndNotDeletedOnes()
    {
        var kept = await fixture.Node.CreateKeyAsync("kept");
        var gone = await fixture.Node.CreateKeyAsync("gone");
        Assert.True(await fixture.Node.Grains.GetGrain<IAccessKeyGrain>(gone.AccessKeyId).DeleteAsync());

        var keys = await fixture.Node.Grains.GetGrain<IKeyCatalogGrain>(0).ListAsync();
        Assert.Contains(keys, k => k.AccessKeyId == kept.AccessKeyId && k.Name == "kept");
        Assert.DoesNotContain(keys, k => k.AccessKeyId == gone.AccessKeyId);
    }
}
