using Amazon.S3.Model;
using GarageOrleans.Blocks;
using GarageOrleans.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GarageOrleans.Integration.Tests;

/// <summary>What the unchanged single-node tests cannot see: that the cluster under them really replicates.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterReplicationTests(ClusterFixture fixture)
{
    [Fact]
    public void EveryNode_HoldsTheSameRf3LayoutOverThreeNodes()
    {
        var digests = fixture.Cluster.Nodes.Select(n => TestNodeCluster.LayoutOf(n).History.Digest.ContentHash).Distinct().ToList();

        Assert.Single(digests);
        foreach (var node in fixture.Cluster.Nodes)
        {
            var layout = TestNodeCluster.LayoutOf(node).Current;
            Assert.Equal(3, layout.ReplicationFactor);
            Assert.Equal(3, layout.StorageNodes.Count);
        }
    }

    [Fact]
    public async Task ObjectPutThroughOneNode_IsStoredOnAWriteQuorumAndReadableThroughEveryNode()
    {
        var bucket = await fixture.NewBucketAsync();
        var body = new byte[3 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(body);
        await fixture.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "replicated", InputStream = new MemoryStream(body) });

        foreach (var node in fixture.Cluster.Nodes)
        {
            using var s3 = node.S3Client();
            using var response = await s3.GetObjectAsync(bucket, "replicated");
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            Assert.Equal(body, copy.ToArray());
        }

        // Every block reached at least the write quorum (2 of 3) before the PUT was acknowledged; the third copy
        // finishes in the background, so wait a little for it rather than assert on a race.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        int[] holders;
        do
        {
            holders = await Task.WhenAll(fixture.Cluster.Nodes.Select(CountBlocksAsync));
            if (holders.All(h => h == holders[0]))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.All(holders, h => Assert.True(h >= 4, $"a node holds {h} blocks, expected the object's 4 (3 MiB + 17 B in 1 MiB blocks)"));
    }

    private static async Task<int> CountBlocksAsync(TestNode node)
    {
        var count = 0;
        await foreach (var _ in node.Node.Services.GetRequiredService<BlockStore>().ListAsync())
        {
            count++;
        }

        return count;
    }
}
