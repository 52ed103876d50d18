using GarageOrleans.Cluster.Layout;
using static GarageOrleans.Cluster.Tests.Layout.LayoutTestHistories;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests;

public sealed class BlockReadOrderTests
{
    [Fact]
    public void EmptyHistory_HasNoCandidates() =>
        Assert.Empty(BlockReadOrder.Candidates(LayoutHistory.Empty, 0, Id("a"), "z1"));

    [Fact]
    public void SameZoneComesBeforeOtherZones_AndSelfIsLeftOut()
    {
        // a and b share z1, c is in z2; rf 3 over three nodes: every partition is on all three.
        var history = LayoutHistory.Empty.StageAndApply(
            1, new LayoutParameters(3, ZoneRedundancy.AtLeastZones(2)), Storage("a", "z1"), Storage("b", "z1"), Storage("c", "z2"));

        for (var p = 0; p < 8; p++)
        {
            Assert.Equal([Id("b"), Id("c")], BlockReadOrder.Candidates(history, (byte)p, Id("a"), "z1"));
            Assert.Equal(new[] { Id("a"), Id("b") }.Order(), BlockReadOrder.Candidates(history, (byte)p, Id("c"), "z2").Order());
        }
    }

    [Fact]
    public void ReadVersionFirst_ThenTheOtherHeldVersions_EachNodeOnce()
    {
        var history = ThreeThenFourNodes(); // v1 a,b,c; v2 adds d; nothing synced: reads use v1
        var moved = (byte)Enumerable.Range(0, 256).First(p => history.VersionOf(2)!.Layout.NodesOf((byte)p).Contains(Id("d")));

        var order = BlockReadOrder.Candidates(history, moved, Id("x"), null);

        Assert.Equal(history.VersionOf(1)!.Layout.NodesOf(moved), order.Take(3));
        Assert.Equal(Id("d"), order[3]);
        Assert.Equal(4, order.Count);
    }

    [Fact]
    public void AfterSync_TheNewVersionComesFirst_AndOldHoldersStayCandidates()
    {
        var history = ThreeThenFourNodes().ForAll((h, n) => h.SyncUpTo(n, 2), "a", "b", "c", "d")
            .ForAll((h, n) => h.SyncAckUpTo(n, 2), "a", "b", "c", "d"); // v1 retired but still held
        var moved = (byte)Enumerable.Range(0, 256).First(p => history.VersionOf(2)!.Layout.NodesOf((byte)p).Contains(Id("d")));
        var leaving = history.VersionOf(1)!.Layout.NodesOf(moved).Except(history.VersionOf(2)!.Layout.NodesOf(moved)).Single();

        var order = BlockReadOrder.Candidates(history, moved, Id("x"), null);

        Assert.Equal(history.VersionOf(2)!.Layout.NodesOf(moved), order.Take(3));
        Assert.Equal(leaving, order[3]);
    }
}
