using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Tests.TestCluster;

[Collection(PlacementClusterCollection.Name)]
public sealed class PlacementClusterTests(PlacementClusterFixture fixture)
{
    [Fact]
    public async Task NodePinnedGrain_EveryCallLandsOnTheNamedNode()
    {
        foreach (var name in PlacementClusterFixture.SiloNames())
        {
            var node = PlacementClusterFixture.NodeOf(name);
            for (var i = 0; i < 5; i++)
            {
                var grain = fixture.Cluster.GrainFactory.GetGrain<IPinnedProbeGrain>(PlacementKeys.ForNode(node, $"probe/{i}"));

                Assert.Equal(node.ToHex(), await grain.GetNodeAsync());
            }
        }
    }

    [Fact]
    public async Task NodePinnedGrain_ForANodeWithoutSilo_FailsWithSiloUnavailable()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IPinnedProbeGrain>(PlacementKeys.ForNode(NodeId.New(), "probe"));

        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.GetNodeAsync());
    }

    [Fact]
    public async Task ReplicaSetGrain_LandsOnANodeOfItsPartitionsReplicaSet()
    {
        for (var i = 0; i < 20; i++)
        {
            var bucket = BucketId.New();
            var grain = fixture.Cluster.GrainFactory.GetGrain<IReplicaSetProbeGrain>($"{bucket.ToHex()}/object-{i}");

            var node = NodeId.ParseHex(await grain.GetNodeAsync());

            Assert.Contains(node, PlacementClusterFixture.Layout.NodesOf(bucket.Partition));
        }
    }
}
