using GarageOrleans.Cluster.Layout;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests;

public sealed class LayoutStoreTests
{
    private static readonly LocalNode Local = new(Id("local"), "dc1", 10_000);

    [Fact]
    public void OpenOrInitialize_FreshSingleNode_AppliesAndStoresItsOwnLayout()
    {
        using var dir = new TempDir();

        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, replicationFactor: 3, autoApplySingleNode: true);

        Assert.Equal(1UL, store.Current.Version);
        Assert.Equal(1, store.Current.ReplicationFactor);
        Assert.Equal([Local.Id], store.Current.NodesOf(42));
        Assert.Equal(1UL, store.History.SyncAckMin);
        Assert.False(store.History.Staging.HasVisibleChanges);
        Assert.True(File.Exists(Path.Combine(dir.Path, LayoutStore.FileName)));
    }

    [Fact]
    public void OpenOrInitialize_WithoutAutoApply_StartsEmptyAndStoresNothing()
    {
        using var dir = new TempDir();

        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, replicationFactor: 3, autoApplySingleNode: false);

        Assert.True(store.Current.IsEmpty);
        Assert.Equal(0UL, store.Current.Version);
        Assert.Equal(3, store.Current.ReplicationFactor);
        Assert.Empty(store.Current.NodesOf(0));
        Assert.Null(store.History.Current);
        Assert.False(File.Exists(store.FilePath));
    }

    [Fact]
    public void OpenOrInitialize_Restart_LoadsTheStoredHistoryInsteadOfAutoApplying()
    {
        using var dir = new TempDir();
        var first = LayoutStore.OpenOrInitialize(dir.Path, Local, 3, autoApplySingleNode: false);
        var three = ThreeNodes(first.History);
        Assert.True(first.Merge(three));

        var reopened = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: true);

        Assert.Equal(three.ToJson(), reopened.History.ToJson());
        Assert.Equal(3, reopened.Current.StorageNodes.Count);
    }

    [Fact]
    public void OpenOrInitialize_LegacySingleLayoutFile_IsMigratedToAHistory()
    {
        using var dir = new TempDir();
        var legacy = ClusterLayout.SingleNode(Local.Id, Local.Zone, 10_000);
        File.WriteAllText(Path.Combine(dir.Path, LayoutStore.LegacyFileName), legacy.ToJson());

        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: true);

        Assert.Equal(legacy.ToJson(), store.Current.ToJson());
        Assert.Single(store.History.Versions);
        Assert.True(File.Exists(store.FilePath));
    }

    [Fact]
    public void Merge_NewerHistory_ReplacesPersistsAndRaisesChanged()
    {
        using var dir = new TempDir();
        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: true);
        var seen = new List<ulong>();
        store.Changed += h => seen.Add(h.CurrentNumber);
        var next = store.History.StageRole(Storage("b", "dc2"), 10).Apply(2, 10);

        Assert.True(store.Merge(next));

        Assert.Equal(2UL, store.Current.Version);
        Assert.Equal([2UL], seen);
        Assert.Equal(2UL, LayoutHistory.FromJson(File.ReadAllText(store.FilePath)).CurrentNumber);
    }

    [Fact]
    public void Merge_SameOrOlderHistory_ChangesNothing()
    {
        using var dir = new TempDir();
        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: false);
        var three = ThreeNodes(store.History);
        store.Merge(three);
        var raised = 0;
        store.Changed += _ => raised++;

        Assert.False(store.Merge(three));
        Assert.False(store.Merge(LayoutHistory.Empty));

        Assert.Equal(0, raised);
        Assert.Equal(3, store.Current.StorageNodes.Count);
    }

    [Fact]
    public void BeginWrite_CountsWritesPerVersionUntilDisposed()
    {
        using var dir = new TempDir();
        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: true);

        var lease = store.BeginWrite(out var history);
        Assert.Equal(1UL, history.CurrentNumber);
        Assert.Equal(1, store.WritesInFlightBelow(2));
        Assert.Equal(0, store.WritesInFlightBelow(1));

        lease.Dispose();
        Assert.Equal(0, store.WritesInFlightBelow(2));
    }

    [Fact]
    public void OpenOrInitialize_CorruptHistoryFile_ThrowsInsteadOfStartingOver()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, LayoutStore.FileName);
        File.WriteAllText(path, "{\"format\": 1, \"repl");

        var e = Assert.Throws<InvalidDataException>(() => LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: true));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void OpenOrInitialize_GatewayWithAutoApply_Throws()
    {
        using var dir = new TempDir();

        Assert.Throws<InvalidOperationException>(
            () => LayoutStore.OpenOrInitialize(dir.Path, Local with { CapacityBytes = null }, 1, autoApplySingleNode: true));
    }

    private static LayoutHistory ThreeNodes(LayoutHistory from) => from
        .StageParameters(new LayoutParameters(3, ZoneRedundancy.Maximum), 5)
        .StageRole(Storage("a", "z1"), 5)
        .StageRole(Storage("b", "z2"), 5)
        .StageRole(Storage("c", "z3"), 5)
        .Apply(from.CurrentNumber + 1, 5);
}
