using Amazon.S3;
using Amazon.S3.Model;
using GarageOrleans.Abstractions;
using GarageOrleans.Testing;

namespace GarageOrleans.Integration.Tests;

/// <summary>
/// DESIGN §10: S3 requests resolve buckets and keys from the node's own copy of the full-copy tables, never through a
/// bucket or key grain, and still see every change as soon as its row reaches the node.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class LocalReadTests(NodeFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task S3Requests_ActivateNoBucketOrKeyGrain()
    {
        var key = await fixture.Node.CreateKeyAsync("local-reads");
        using var s3 = fixture.Node.S3Client(key.AccessKeyId, key.SecretAccessKey);
        var bucket = UniqueNames.Bucket();
        await s3.PutBucketAsync(bucket);

        // Creation went through the grains; take their activations away so that any later one shows.
        var grains = fixture.Node.Grains;
        var management = grains.GetGrain<IManagementGrain>(0);
        var watched = new[]
        {
            grains.GetGrain<IBucketGrain>(bucket).GetGrainId(),
            grains.GetGrain<IAccessKeyGrain>(key.AccessKeyId).GetGrainId(),
        };
        Assert.True((await ActiveAsync(management)).IsSupersetOf(watched), "the statistics must show the grains the creation used");
        foreach (var id in watched)
        {
            await management.DeactivateGrain(id);
        }

        await WaitUntilAsync(async () => !(await ActiveAsync(management)).Overlaps(watched));

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "local" });
        using (var get = await s3.GetObjectAsync(bucket, "k"))
        using (var reader = new StreamReader(get.ResponseStream))
        {
            Assert.Equal("local", await reader.ReadToEndAsync());
        }

        await s3.GetObjectMetadataAsync(bucket, "k");
        await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        await s3.DeleteObjectAsync(bucket, "k");

        var active = await ActiveAsync(management);
        Assert.False(active.Overlaps(watched), "an S3 request activated a bucket or key grain");
    }

    [Fact]
    public async Task RevokedPermission_IsRefusedOnTheNextRequest()
    {
        var bucket = await fixture.NewBucketAsync();
        var other = await fixture.Node.CreateKeyAsync("revoked", allowCreateBucket: false);
        using var s3 = fixture.Node.S3Client(other.AccessKeyId, other.SecretAccessKey);
        var bucketGrain = fixture.Node.Grains.GetGrain<IBucketGrain>(bucket);
        await bucketGrain.SetPermissionAsync(other.AccessKeyId, new BucketPermission(true, true, false), allow: true);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "1" });

        await bucketGrain.SetPermissionAsync(other.AccessKeyId, new BucketPermission(false, true, false), allow: false);
        var denied = await Assert.ThrowsAsync<AmazonS3Exception>(
            () => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "b", ContentBody = "2" }));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        using (await s3.GetObjectAsync(bucket, "a"))
        {
            // read is still allowed
        }

        Assert.True(await fixture.Node.Grains.GetGrain<IAccessKeyGrain>(other.AccessKeyId).DeleteAsync());
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "a"));
        Assert.Equal("InvalidAccessKeyId", gone.ErrorCode);
    }

    private static async Task<HashSet<GrainId>> ActiveAsync(IManagementGrain management) =>
        [.. (await management.GetDetailedGrainStatistics()).Select(s => s.GrainId)];

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the grains were not deactivated in time");
            await Task.Delay(50);
        }
    }
}
