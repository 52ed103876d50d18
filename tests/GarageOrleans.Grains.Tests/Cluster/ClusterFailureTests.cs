using System.Diagnostics;
using System.Security.Cryptography;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static GarageOrleans.Grains.Tests.Cluster.ClusterTestData;

namespace GarageOrleans.Grains.Tests.Cluster;

/// <summary>Silos stopped under RF 3: each test starts its own cluster, since it leaves it damaged.</summary>
[Collection(GarageClusterCollection.Name)]
public sealed class ClusterFailureTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<string> Silos = GarageTestCluster.SiloNames;

    [Fact]
    public async Task OneNodeDown_WritesAndReadsSucceed_AndAReadRepairsItWhenItIsBack()
    {
        await using var cluster = await GarageTestCluster.StartAsync();
        var down = GarageTestCluster.Nodes[2];
        await cluster.Cluster.StopSiloAsync(cluster.Silo(Silos[2]));
        await cluster.WaitUntilActiveNodesAsync(Silos[0], 2);
        await cluster.WaitUntilActiveNodesAsync(Silos[1], 2);

        var key = Hash32.Random();
        byte[] sort = [7];
        var clock = Stopwatch.StartNew();
        await cluster.Tables(Silos[0]).BlockRefs.InsertAsync(key, sort, BlockRefRow.Live);
        var (hash, data) = RandomBlock();
        await cluster.Services(Silos[0]).GetRequiredService<IObjectDataClient>().PutBlockAsync(VersionId.New(), 0, hash, data, CancellationToken.None);
        Assert.Equal(BlockRefRow.Live, await cluster.Tables(Silos[1]).BlockRefs.GetAsync(key, sort));
        using (var block = await cluster.Services(Silos[1]).GetRequiredService<IObjectDataClient>().GetBlockAsync(hash, CancellationToken.None))
        {
            Assert.True(block.Memory.Span.SequenceEqual(data));
        }

        output.WriteLine($"write + block put + read + block read with one node down: {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.ElapsedMilliseconds} ms with one node down");

        await cluster.RestartAsync(Silos[2]);
        foreach (var silo in Silos)
        {
            await cluster.WaitUntilActiveNodesAsync(silo, 3);
        }

        Assert.Null(await OnNodeAsync(cluster, Silos[0], down, key, sort)); // it missed the write

        Assert.Equal(BlockRefRow.Live, await cluster.Tables(Silos[1]).BlockRefs.GetAsync(key, sort));

        // The repair runs in the background of the read.
        var repaired = Stopwatch.StartNew();
        while (await OnNodeAsync(cluster, Silos[0], down, key, sort) is null)
        {
            Assert.True(repaired.Elapsed < TimeSpan.FromSeconds(10), "the returning replica was not repaired");
            await Task.Delay(20);
        }

        output.WriteLine($"returning replica repaired {repaired.ElapsedMilliseconds} ms after the read");
    }

    [Fact]
    public async Task TwoNodesDown_WritesAndReadsFailPromptly_WithQuorumException()
    {
        await using var cluster = await GarageTestCluster.StartAsync();
        var key = Hash32.Random();
        await cluster.Tables(Silos[0]).BlockRefs.InsertAsync(key, [1], BlockRefRow.Live);
        await cluster.Cluster.StopSiloAsync(cluster.Silo(Silos[1]));
        await cluster.Cluster.KillSiloAsync(cluster.Silo(Silos[2]));
        await cluster.WaitUntilActiveNodesAsync(Silos[0], 1);

        var tables = cluster.Tables(Silos[0]);
        var data = cluster.Services(Silos[0]).GetRequiredService<IObjectDataClient>();
        var (hash, block) = RandomBlock();
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<QuorumException>(() => tables.BlockRefs.InsertAsync(key, [2], BlockRefRow.Live));
        var write = clock.Elapsed;
        await Assert.ThrowsAsync<QuorumException>(() => tables.BlockRefs.GetAsync(key, [1]));
        var read = clock.Elapsed - write;
        await Assert.ThrowsAsync<QuorumException>(() => data.PutBlockAsync(VersionId.New(), 0, hash, block, CancellationToken.None));
        var put = clock.Elapsed - write - read;

        output.WriteLine($"two of three down: write failed in {write.TotalMilliseconds:F1} ms, read in {read.TotalMilliseconds:F1} ms, block put in {put.TotalMilliseconds:F1} ms");

        // Membership has declared both dead: no call is made, nothing waits for the 5 s replica timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"failing took {clock.ElapsedMilliseconds} ms");
    }

    private static (BlockHash Hash, byte[] Data) RandomBlock()
    {
        var data = RandomNumberGenerator.GetBytes(64 * 1024);
        return (BlockHash.Compute(data), data);
    }
}
