using System.Security.Cryptography;
using GarageOrleans.Abstractions;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using Microsoft.Extensions.DependencyInjection;
using static GarageOrleans.Grains.Tests.Cluster.ClusterTestData;

namespace GarageOrleans.Grains.Tests.Cluster;

/// <summary>Tables and blocks across three live silos (no silo is stopped: one cluster for the class).</summary>
[Collection(GarageClusterCollection.Name)]
public sealed class ClusterDataTests(GarageClusterFixture fixture)
{
    private static readonly IReadOnlyList<string> Silos = GarageTestCluster.SiloNames;
    private GarageTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task TableRow_WrittenThroughOneSilo_IsReadThroughEveryOther()
    {
        var key = Hash32.Random();
        byte[] sort = [1, 2, 3];

        await Cluster.Tables(Silos[0]).BlockRefs.InsertAsync(key, sort, BlockRefRow.Tombstone);

        foreach (var silo in Silos.Skip(1))
        {
            Assert.Equal(BlockRefRow.Tombstone, await Cluster.Tables(silo).BlockRefs.GetAsync(key, sort));
        }

        // RF 3, W = 2: at least two replicas hold it when the write returns.
        var holders = 0;
        foreach (var node in GarageTestCluster.Nodes)
        {
            holders += await OnNodeAsync(Cluster, Silos[0], node, key, sort) is null ? 0 : 1;
        }

        Assert.True(holders >= 2, $"{holders} replicas hold the row");
    }

    [Fact]
    public async Task Block_PutThroughOneSilo_IsOnTwoDisksAtLeast_AndReadableFromEverySilo()
    {
        var (hash, data) = RandomBlock();

        await Cluster.Services(Silos[1]).GetRequiredService<IObjectDataClient>()
            .PutBlockAsync(VersionId.New(), 0, hash, data, CancellationToken.None);

        var onDisk = 0;
        foreach (var silo in Silos)
        {
            onDisk += await Cluster.Blocks(silo).ExistsAsync(hash) ? 1 : 0;
        }

        Assert.True(onDisk >= 2, $"the block is on {onDisk} disk(s)");
        foreach (var silo in Silos)
        {
            using var read = await Cluster.Services(silo).GetRequiredService<IObjectDataClient>().GetBlockAsync(hash, CancellationToken.None);
            Assert.True(read.Memory.Span.SequenceEqual(data), $"block read through {silo}");
        }
    }

    [Fact]
    public async Task Block_WhoseBufferIsReusedAsSoonAsThePutReturns_IsStoredIntactOnEveryNode()
    {
        var (hash, original) = RandomBlock();
        var buffer = original.ToArray();

        // The put returns at quorum; the caller then hands its buffer to the next block at once, as the S3 layer does.
        await Cluster.Services(Silos[2]).GetRequiredService<IObjectDataClient>()
            .PutBlockAsync(VersionId.New(), 0, hash, buffer, CancellationToken.None);
        Array.Fill(buffer, (byte)0xAB);

        await WaitForCopiesAsync(hash, 3);
        foreach (var silo in Silos)
        {
            using var copy = await Cluster.Blocks(silo).ReadAsync(hash);
            Assert.True(copy!.Memory.Span.SequenceEqual(original), $"the copy on {silo}");
        }
    }

    [Fact]
    public async Task Block_WithTheLocalCopyDeletedOrCorrupted_IsReadFromAnotherNode()
    {
        var (hash, data) = RandomBlock();
        await Cluster.Services(Silos[0]).GetRequiredService<IObjectDataClient>()
            .PutBlockAsync(VersionId.New(), 0, hash, data, CancellationToken.None);
        await WaitForCopiesAsync(hash, 3); // the third write may still be running after the quorum

        // Silo 1 loses its copy; silo 2's copy rots on disk.
        await Cluster.Blocks(Silos[1]).DeleteAsync(hash);
        var file = Directory.GetFiles(Cluster.DataDir(Silos[2]), hash.ToHex() + "*", SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);

        foreach (var silo in Silos.Skip(1))
        {
            using var read = await Cluster.Services(silo).GetRequiredService<IObjectDataClient>().GetBlockAsync(hash, CancellationToken.None);
            Assert.True(read.Memory.Span.SequenceEqual(data), $"block read through {silo}");
        }
    }

    [Fact]
    public async Task Block_OnNoNode_IsUnavailable()
    {
        var (hash, _) = RandomBlock();

        await Assert.ThrowsAsync<BlockUnavailableException>(() =>
            Cluster.Services(Silos[0]).GetRequiredService<IObjectDataClient>().GetBlockAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task TwoVersions_WritesGoToBothSets_ReadsUseTheReadVersion()
    {
        // v1: the three nodes at RF 2; v2: the third node leaves, so the partitions it held move to the first two.
        var (a, b, c) = (GarageTestCluster.Nodes[0], GarageTestCluster.Nodes[1], GarageTestCluster.Nodes[2]);
        var rf2 = new LayoutParameters(2, ZoneRedundancy.Maximum);
        var history = LayoutHistory.Empty
            .StageRole(new NodeRole(a, "zone0", 1_000_000_000), 1).StageRole(new NodeRole(b, "zone1", 1_000_000_000), 1)
            .StageRole(new NodeRole(c, "zone2", 1_000_000_000), 1).StageParameters(rf2, 1).Apply(1, 1)
            .StageRemove(c, 2).Apply(2, 2);
        var partition = (byte)Enumerable.Range(0, 256).First(p => history.VersionOf(1)!.Layout.NodesOf((byte)p).Contains(c));
        var v1 = history.VersionOf(1)!.Layout.NodesOf(partition);
        var v2 = history.VersionOf(2)!.Layout.NodesOf(partition);
        var newcomer = v2.Except(v1).Single();
        var tables = Cluster.Tables(Silos[0]);
        try
        {
            SetHistory(history);

            // Writes: W = 2 of 2 in each set, so all three nodes hold the row when the write returns.
            var key = KeyIn(partition);
            await tables.BlockRefs.InsertAsync(key, [0], BlockRefRow.Live);
            foreach (var node in GarageTestCluster.Nodes)
            {
                Assert.Equal(BlockRefRow.Live, await OnNodeAsync(Cluster, Silos[0], node, key, [0]));
            }

            // Reads (R = 1): a tombstone only on the node leaving, a live row only on the newcomer. Read from v1, a
            // read can see the tombstone, never the live row; read from v2 once every node synced it, the reverse.
            var oldKey = KeyIn(partition);
            await PutOnNodeAsync(Cluster, Silos[0], c, oldKey, [1], BlockRefRow.Tombstone);
            await PutOnNodeAsync(Cluster, Silos[0], newcomer, oldKey, [1], BlockRefRow.Live);
            for (var i = 0; i < 10; i++)
            {
                Assert.NotEqual(BlockRefRow.Live, await tables.BlockRefs.GetAsync(oldKey, [1]));
            }

            SetHistory(history.SyncUpTo(a, 2).SyncUpTo(b, 2));
            Assert.Equal(2UL, Cluster.Layout(Silos[0]).History.ReadVersion!.Number);
            var newKey = KeyIn(partition);
            await PutOnNodeAsync(Cluster, Silos[0], c, newKey, [1], BlockRefRow.Tombstone);
            await PutOnNodeAsync(Cluster, Silos[0], newcomer, newKey, [1], BlockRefRow.Live);
            for (var i = 0; i < 10; i++)
            {
                Assert.NotEqual(BlockRefRow.Tombstone, await tables.BlockRefs.GetAsync(newKey, [1]));
            }
        }
        finally
        {
            SetHistory(GarageTestCluster.ThreeNodesRf3);
        }
    }

    private void SetHistory(LayoutHistory history)
    {
        foreach (var silo in Silos)
        {
            Cluster.Layout(silo).History = history;
        }
    }

    private async Task WaitForCopiesAsync(BlockHash hash, int copies)
    {
        for (var i = 0; i < 100; i++)
        {
            var count = 0;
            foreach (var silo in Silos)
            {
                count += await Cluster.Blocks(silo).ExistsAsync(hash) ? 1 : 0;
            }

            if (count >= copies)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"block {hash} did not reach {copies} disks");
    }

    private static (BlockHash Hash, byte[] Data) RandomBlock()
    {
        var data = RandomNumberGenerator.GetBytes(64 * 1024);
        return (BlockHash.Compute(data), data);
    }
}
