using GarageOrleans.Cluster.Layout;
using static GarageOrleans.Cluster.Tests.Layout.LayoutTestHistories;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests.Layout;

public sealed class LayoutHistoryTests
{
    [Fact]
    public void Empty_HasNoVersions()
    {
        var history = LayoutHistory.Empty;

        Assert.Null(history.Current);
        Assert.Equal(0UL, history.CurrentNumber);
        Assert.Empty(history.ActiveVersions);
        Assert.Null(history.ReadVersion);
        Assert.False(history.Diverged);
    }

    [Fact]
    public void Apply_FirstVersion_UsesStagedRolesAndParameters()
    {
        var history = ThreeNodes();

        var current = Assert.IsType<LayoutVersion>(history.Current);
        Assert.Equal(1UL, current.Number);
        Assert.Equal(Rf3, current.Parameters);
        Assert.Equal(new[] { Id("a"), Id("b"), Id("c") }.Order(), current.Layout.StorageNodes.Order());
        Assert.False(history.Staging.HasVisibleChanges);
    }

    [Fact]
    public void Apply_WrongNumber_ThrowsNamingTheExpectedOne()
    {
        var history = ThreeNodes().StageRole(Storage("d", "z1"), 20);

        var e = Assert.Throws<InvalidLayoutException>(() => history.Apply(3, 20));
        Assert.Contains("must be 2", e.Message);
    }

    [Fact]
    public void Apply_NothingStaged_Throws()
    {
        var e = Assert.Throws<InvalidLayoutException>(() => ThreeNodes().Apply(2, 20));
        Assert.Contains("nothing to apply", e.Message);
    }

    [Fact]
    public void Apply_StagedRoleEqualToTheCurrentOne_IsNothingToApply()
    {
        var history = ThreeNodes().StageRole(Storage("a", "z1"), 20);

        Assert.Throws<InvalidLayoutException>(() => history.Apply(2, 20));
    }

    [Fact]
    public void Apply_FirstVersionWithoutParameters_Throws()
    {
        var history = LayoutHistory.Empty.StageRole(Storage("a", "z1"), 1);

        var e = Assert.Throws<InvalidLayoutException>(() => history.Apply(1, 1));
        Assert.Contains("replication factor", e.Message);
    }

    [Fact]
    public void Apply_ReplicationFactorAboveStorageNodes_Throws()
    {
        var history = LayoutHistory.Empty.StageRole(Storage("a", "z1"), 1).StageParameters(Rf3, 1);

        Assert.Throws<InvalidLayoutException>(() => history.Apply(1, 1));
    }

    [Fact]
    public void Apply_ZoneRedundancyAboveZones_Throws()
    {
        var history = LayoutHistory.Empty
            .StageRole(Storage("a", "z1"), 1).StageRole(Storage("b", "z1"), 1).StageRole(Storage("c", "z2"), 1)
            .StageParameters(new LayoutParameters(3, ZoneRedundancy.AtLeastZones(3)), 1);

        var e = Assert.Throws<InvalidLayoutException>(() => history.Apply(1, 1));
        Assert.Contains("zone redundancy 3", e.Message);
    }

    [Fact]
    public void Apply_AddingANode_KeepsMostReplicasInPlace()
    {
        var history = ThreeThenFourNodes();

        var moved = history.Versions[1].Layout.ReplicasMovedFrom(history.Versions[0].Layout);
        // d takes a quarter of the 768 replicas; nothing else needs to move.
        Assert.Equal(192, moved);
        Assert.Equal(192, history.Versions[1].Layout.PartitionCountOf(Id("d")));
    }

    [Fact]
    public void Apply_RemovingANode_DropsItsRole()
    {
        var history = ThreeThenFourNodes().StageRemove(Id("a"), 30).Apply(3, 30);

        Assert.Null(history.Current!.Layout.RoleOf(Id("a")));
        Assert.Equal(3, history.Current.Layout.StorageNodes.Count);
    }

    [Fact]
    public void Revert_HidesStagedChanges_AndLaterStagingIsVisible()
    {
        var history = ThreeNodes().StageRole(Storage("d", "z1"), 20).Revert(5);

        Assert.False(history.Staging.HasVisibleChanges);

        // Staged with an older clock than the revert: still newer than the reset, so visible.
        history = history.StageRole(Storage("e", "z2"), 3);
        Assert.Equal([Id("e")], history.Staging.VisibleRoles.Select(e => e.Key));
    }

    [Fact]
    public void Revert_ReceivedBeforeOrAfterAnOlderStagedRole_HidesIt()
    {
        var base1 = ThreeNodes();
        var staged = base1.StageRole(Storage("d", "z1"), 20);
        var reverted = base1.Revert(25);

        Assert.False(staged.Merge(reverted).Staging.HasVisibleChanges);
        Assert.False(reverted.Merge(staged).Staging.HasVisibleChanges);
    }

    [Fact]
    public void Merge_SameNumberDifferentContent_KeepsLowerHashAndMarksDivergedOnBothSides()
    {
        var start = ThreeNodes();
        var left = start.StageAndApply(20, null, Storage("d", "z1"));
        var right = start.StageAndApply(20, null, Storage("e", "z2"));

        var lr = left.Merge(right);
        var rl = right.Merge(left);

        var lower = left.Current!.ContentHash.CompareTo(right.Current!.ContentHash) < 0 ? left.Current : right.Current;
        Assert.Equal(lower.Ref, lr.Current!.Ref);
        Assert.True(lr.Diverged);
        Assert.Equal([2UL], lr.DivergedNumbers);
        Assert.Equal(lr.ToJson(), rl.ToJson());
    }

    [Fact]
    public void Merge_SameNumberSameContent_IsNotADivergence()
    {
        var start = ThreeNodes();
        var left = start.StageAndApply(20, null, Storage("d", "z1"));
        var right = start.StageAndApply(21, null, Storage("d", "z1"));

        Assert.False(left.Merge(right).Diverged);
    }

    [Fact]
    public void Trackers_FollowGarage_FromThreeToFourNodes()
    {
        var history = ThreeThenFourNodes();

        // Nobody synced v2: writes go to both versions, reads stay on v1.
        Assert.Equal([1UL, 2UL], history.ActiveVersions.Select(v => v.Number));
        Assert.Equal(1UL, history.ReadVersion!.Number);

        history = history.ForAll((h, n) => h.SyncUpTo(n, 2), "a", "b", "c");
        Assert.Equal(1UL, history.ReadVersion!.Number);

        history = history.SyncUpTo(Id("d"), 2);
        Assert.Equal(2UL, history.ReadVersion!.Number);
        Assert.Equal(2, history.ActiveVersions.Count);

        history = history.ForAll((h, n) => h.SyncAckUpTo(n, 2), "a", "b", "c", "d");
        Assert.Equal([2UL], history.ActiveVersions.Select(v => v.Number));
        Assert.Equal([1UL], history.RetiredVersions.Select(v => v.Number));
    }

    [Fact]
    public void Trackers_OnlyGrow()
    {
        var history = ThreeThenFourNodes().AckUpTo(Id("a"), 2).AckUpTo(Id("a"), 1);

        Assert.Equal(2UL, history.Trackers.Ack[Id("a")]);
    }

    [Fact]
    public void Trackers_AheadOfTheHistory_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreeNodes().SyncUpTo(Id("a"), 2));
    }

    [Fact]
    public void Prune_KeepsTheNewestFiveRetiredVersions_AndMergeDoesNotBringOlderOnesBack()
    {
        var history = ThreeNodes();
        for (var i = 0; i < 7; i++)
        {
            history = history.StageAndApply(100 + (ulong)i, null, Storage("a", "z1", 1_000_000 + i));
        }

        var unpruned = history;
        history = history.ForAll((h, n) => h.SyncAckUpTo(n, 8), "a", "b", "c");

        Assert.Equal(3UL, history.PrunedBelow);
        Assert.Equal([3UL, 4UL, 5UL, 6UL, 7UL, 8UL], history.Versions.Select(v => v.Number));
        Assert.Equal(history.ToJson(), unpruned.Merge(history).ToJson());
        Assert.Equal(history.ToJson(), history.Merge(unpruned).ToJson());
    }

    [Fact]
    public void ContentHash_IgnoresRoleOrderAndNumber()
    {
        var a = ClusterLayout.Compute(1, 1, [Storage("a", "z1"), Storage("b", "z2")], null);
        var b = ClusterLayout.Compute(9, 1, [Storage("b", "z2"), Storage("a", "z1")], null);
        var parameters = new LayoutParameters(1, ZoneRedundancy.Maximum);

        Assert.Equal(new LayoutVersion(a, parameters).ContentHash, new LayoutVersion(b, parameters).ContentHash);
        Assert.NotEqual(
            new LayoutVersion(a, parameters).ContentHash,
            new LayoutVersion(a, parameters with { ZoneRedundancy = ZoneRedundancy.AtLeastZones(1) }).ContentHash);
    }
}
