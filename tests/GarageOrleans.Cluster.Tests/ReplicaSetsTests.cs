using GarageOrleans.Cluster.Layout;
using GarageOrleans.Primitives;
using static GarageOrleans.Cluster.Tests.Layout.LayoutTestHistories;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests;

public sealed class ReplicaSetsTests
{
    [Fact]
    public void EmptyHistory_HasNoSets_AndNoWriteSucceeds()
    {
        Assert.Empty(ReplicaSets.WriteSets(LayoutHistory.Empty, 0));
        Assert.Null(ReplicaSets.ReadSet(LayoutHistory.Empty, 0));
        Assert.False(ReplicaSets.WriteQuorumReached([], new HashSet<NodeId>(), ConsistencyMode.Consistent));
    }

    [Fact]
    public void OneVersion_WritesAndReadsUseItsNodes()
    {
        var history = ThreeNodes();

        var write = Assert.Single(ReplicaSets.WriteSets(history, 7));
        Assert.Equal(1UL, write.Version);
        Assert.Equal(new[] { Id("a"), Id("b"), Id("c") }.Order(), write.Nodes.Order());
        Assert.Equal(write, ReplicaSets.ReadSet(history, 7));
    }

    [Fact]
    public void ThreeToFour_BeforeSync_WritesGoToBothVersions_ReadsStayOnTheOld()
    {
        var history = ThreeThenFourNodes();
        var moved = MovedPartition(history);

        var sets = ReplicaSets.WriteSets(history, moved);

        Assert.Equal([1UL, 2UL], sets.Select(s => s.Version));
        Assert.Contains(Id("d"), sets[1].Nodes);
        Assert.DoesNotContain(Id("d"), sets[0].Nodes);
        Assert.Equal(4, ReplicaSets.AllNodes(sets).Count);
        Assert.Equal(1UL, ReplicaSets.ReadSet(history, moved)!.Version);
    }

    [Fact]
    public void ThreeToFour_WriteQuorum_NeedsAQuorumInEachSet()
    {
        var history = ThreeThenFourNodes();
        var moved = MovedPartition(history);
        var sets = ReplicaSets.WriteSets(history, moved);
        var leaving = sets[0].Nodes.Except(sets[1].Nodes).Single();
        var staying = sets[0].Nodes.Intersect(sets[1].Nodes).ToArray();

        // The node that leaves plus one that stays: quorum (2 of 3) in v1, but only 1 of 3 in v2.
        Assert.False(ReplicaSets.WriteQuorumReached(sets, new HashSet<NodeId> { leaving, staying[0] }, ConsistencyMode.Consistent));
        // Both staying nodes: 2 of 3 in each version.
        Assert.True(ReplicaSets.WriteQuorumReached(sets, new HashSet<NodeId>(staying), ConsistencyMode.Consistent));
        // The new node and one staying node: 2 of 3 in v2 but 1 of 3 in v1.
        Assert.False(ReplicaSets.WriteQuorumReached(sets, new HashSet<NodeId> { Id("d"), staying[0] }, ConsistencyMode.Consistent));
        // Dangerous mode: one node in each set suffices, and a staying node is in both.
        Assert.True(ReplicaSets.WriteQuorumReached(sets, new HashSet<NodeId> { staying[0] }, ConsistencyMode.Dangerous));
    }

    [Fact]
    public void ThreeToFour_AfterEveryNodeSynced_ReadsMoveToTheNewVersion()
    {
        var history = ThreeThenFourNodes().ForAll((h, n) => h.SyncUpTo(n, 2), "a", "b", "c", "d");
        var moved = MovedPartition(history);

        var read = ReplicaSets.ReadSet(history, moved)!;

        Assert.Equal(2UL, read.Version);
        Assert.Contains(Id("d"), read.Nodes);
        Assert.Equal(2, ReplicaSets.WriteSets(history, moved).Count);
        Assert.True(ReplicaSets.ReadQuorumReached(read, new HashSet<NodeId>(read.Nodes.Take(2)), ConsistencyMode.Consistent));
        Assert.False(ReplicaSets.ReadQuorumReached(read, new HashSet<NodeId>(read.Nodes.Take(1)), ConsistencyMode.Consistent));
    }

    [Fact]
    public void ThreeToFour_AfterEveryNodeAckedTheSync_WritesGoOnlyToTheNewVersion()
    {
        var history = ThreeThenFourNodes()
            .ForAll((h, n) => h.SyncUpTo(n, 2), "a", "b", "c", "d")
            .ForAll((h, n) => h.SyncAckUpTo(n, 2), "a", "b", "c", "d");

        var set = Assert.Single(ReplicaSets.WriteSets(history, MovedPartition(history)));
        Assert.Equal(2UL, set.Version);
    }

    [Fact]
    public void ReplicationFactorChange_EachSetUsesItsOwnQuorum()
    {
        // v1 at rf 1 on a; v2 at rf 3 on a, b, c: W is 1 in v1 and 2 in v2.
        var history = LayoutHistory.Empty
            .StageAndApply(1, new LayoutParameters(1, ZoneRedundancy.Maximum), Storage("a", "z1"))
            .StageAndApply(2, Rf3, Storage("b", "z2"), Storage("c", "z3"));
        var sets = ReplicaSets.WriteSets(history, 0);

        Assert.Equal([1, 3], sets.Select(s => s.ReplicationFactor));
        Assert.False(ReplicaSets.WriteQuorumReached(sets, new HashSet<NodeId> { Id("a") }, ConsistencyMode.Consistent));
        Assert.True(ReplicaSets.WriteQuorumReached(sets, new HashSet<NodeId> { Id("a"), Id("b") }, ConsistencyMode.Consistent));
        Assert.False(ReplicaSets.WriteQuorumReached(sets, new HashSet<NodeId> { Id("b"), Id("c") }, ConsistencyMode.Consistent));
    }

    [Fact]
    public void ThreeToFour_WriteQuorumPossible_FailsAsSoonAsOneSetCannotReachItsQuorum()
    {
        var history = ThreeThenFourNodes();
        var sets = ReplicaSets.WriteSets(history, MovedPartition(history));
        var leaving = sets[0].Nodes.Except(sets[1].Nodes).Single();
        var staying = sets[0].Nodes.Intersect(sets[1].Nodes).ToArray();
        const ConsistencyMode mode = ConsistencyMode.Consistent;

        Assert.True(ReplicaSets.WriteQuorumPossible(sets, new HashSet<NodeId>(), mode));
        // One failure per set leaves 2 of 3 in each.
        Assert.True(ReplicaSets.WriteQuorumPossible(sets, new HashSet<NodeId> { staying[0] }, mode));
        // The leaving node and the new node: v1 and v2 each keep two.
        Assert.True(ReplicaSets.WriteQuorumPossible(sets, new HashSet<NodeId> { leaving, Id("d") }, mode));
        // Both staying nodes: each set has one node left, below W = 2.
        Assert.False(ReplicaSets.WriteQuorumPossible(sets, new HashSet<NodeId>(staying), mode));
        // The new node and a staying node: v1 still could, v2 cannot.
        Assert.False(ReplicaSets.WriteQuorumPossible(sets, new HashSet<NodeId> { Id("d"), staying[0] }, mode));
        Assert.False(ReplicaSets.WriteQuorumPossible([], new HashSet<NodeId>(), mode));
    }

    [Fact]
    public void ReadQuorumPossible_NeedsReadQuorumNodesLeft()
    {
        var read = ReplicaSets.ReadSet(ThreeNodes(), 3)!;

        Assert.True(ReplicaSets.ReadQuorumPossible(read, new HashSet<NodeId> { read.Nodes[0] }, ConsistencyMode.Consistent));
        Assert.False(ReplicaSets.ReadQuorumPossible(read, new HashSet<NodeId>(read.Nodes.Take(2)), ConsistencyMode.Consistent));
        Assert.True(ReplicaSets.ReadQuorumPossible(read, new HashSet<NodeId>(read.Nodes.Take(2)), ConsistencyMode.Degraded));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 2)]
    [InlineData(4, 2, 3)]
    [InlineData(5, 3, 3)]
    public void FullCopySet_IsEveryStorageNode_WithMajorityWritesAndOverlappingReads(int n, int read, int write)
    {
        var roles = Enumerable.Range(0, n).Select(i => Storage($"n{i}", $"z{i}")).ToArray();
        var history = LayoutHistory.Empty.StageAndApply(1, new LayoutParameters(Math.Min(n, 3), ZoneRedundancy.Maximum), [.. roles, Gateway("g")]);

        var set = ReplicaSets.FullCopySet(history)!;

        Assert.Equal(roles.Select(r => r.Node).Order(), set.Nodes.Order());
        Assert.Equal(new Quorum(read, write), Quorum.For(set.ReplicationFactor, ConsistencyMode.Consistent));
        Assert.True(read + write > n);
        Assert.Null(ReplicaSets.FullCopySet(LayoutHistory.Empty));
    }

    /// <summary>A partition that d took over in version 2.</summary>
    private static byte MovedPartition(LayoutHistory history) =>
        (byte)Enumerable.Range(0, ClusterLayout.PartitionCount).First(p => history.VersionOf(2)!.Layout.NodesOf((byte)p).Contains(Id("d")));
}
