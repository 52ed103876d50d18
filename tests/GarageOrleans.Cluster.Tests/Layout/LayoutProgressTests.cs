using GarageOrleans.Cluster.Layout;
using static GarageOrleans.Cluster.Tests.Layout.LayoutTestHistories;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests.Layout;

public sealed class LayoutProgressTests
{
    private static readonly string[] Abc = ["a", "b", "c"];
    private static readonly string[] Abcd = ["a", "b", "c", "d"];

    [Fact]
    public void FirstVersion_EveryNodeAdvancing_RetiresNothingAndReadsIt()
    {
        var h = Rounds(ThreeNodes(), Abc, rounds: 2);

        foreach (var name in Abc)
        {
            Assert.Equal(1UL, h.Trackers.Ack[Id(name)]);
            Assert.Equal(1UL, h.Trackers.Sync[Id(name)]);
            Assert.Equal(1UL, h.Trackers.SyncAck[Id(name)]);
        }

        Assert.Equal(1UL, h.ReadVersion!.Number);
    }

    [Fact]
    public void NodeJoining_GainsPartitions_SoReadsStayOnTheOldVersionAndBothStayActive()
    {
        var h = Rounds(ThreeThenFourNodes(), Abcd, rounds: 3);

        Assert.Equal(2UL, h.AckMin);
        Assert.Equal(1UL, h.Trackers.Sync[Id("d")]);
        Assert.Equal(2UL, h.Trackers.Sync[Id("a")]); // a only loses partitions to d
        Assert.Equal(1UL, h.ReadVersion!.Number);
        Assert.Equal([1UL, 2UL], h.ActiveVersions.Select(v => v.Number));
    }

    [Fact]
    public void VersionMovingNothing_IsSyncedAndRetiresTheOldOne()
    {
        // A gateway joins: no storage partition moves, so v2 is synced everywhere as soon as every node acked it.
        var h = Rounds(ThreeNodes(), Abc, rounds: 1).StageAndApply(30, null, Gateway("g", "z1"));

        h = Rounds(h, [.. Abc, "g"], rounds: 3);

        Assert.Equal(2UL, h.SyncMin);
        Assert.Equal(2UL, h.ReadVersion!.Number);
        Assert.Equal([2UL], h.ActiveVersions.Select(v => v.Number));
    }

    [Fact]
    public void WritesInFlightUnderTheOldVersion_HoldBackTheAck()
    {
        var h = Rounds(ThreeNodes(), Abc, rounds: 1).StageAndApply(30, null, Gateway("g", "z1"));

        var held = LayoutProgress.Advance(h, Id("a"), v => v == 2 ? 1 : 0);
        var released = LayoutProgress.Advance(h, Id("a"), _ => 0);

        Assert.Equal(1UL, held.Trackers.Ack[Id("a")]);
        Assert.Equal(2UL, released.Trackers.Ack[Id("a")]);
    }

    [Fact]
    public void SyncWaitsForEveryNodesAck()
    {
        var h = Rounds(ThreeNodes(), Abc, rounds: 1).StageAndApply(30, null, Gateway("g", "z1"));

        // Only a advanced: b, c and g have not acknowledged v2, so a writer may still ignore it.
        h = LayoutProgress.Advance(h, Id("a"), _ => 0);

        Assert.Equal(1UL, h.Trackers.Sync[Id("a")]);
    }

    [Fact]
    public void EmptyHistory_IsLeftAlone()
    {
        Assert.Same(LayoutHistory.Empty, LayoutProgress.Advance(LayoutHistory.Empty, Id("a"), _ => 0));
    }

    private static LayoutHistory Rounds(LayoutHistory h, string[] names, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            h = h.ForAll((x, node) => LayoutProgress.Advance(x, node, _ => 0), names);
        }

        return h;
    }
}
