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
        Assert.False(File.Exists(store.FilePath));
    }

    [Fact]
    public void OpenOrInitialize_Restart_LoadsTheStoredLayoutInsteadOfAutoApplying()
    {
        using var dir = new TempDir();
        var first = LayoutStore.OpenOrInitialize(dir.Path, Local, 3, autoApplySingleNode: false);
        var three = ClusterLayout.Compute(5, 3, [Storage("a", "z1"), Storage("b", "z2"), Storage("c", "z3")], null);
        first.Apply(three);

        var reopened = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: true);

        Assert.Equal(5UL, reopened.Current.Version);
        Assert.Equal(three.ToJson(), reopened.Current.ToJson());
    }

    [Fact]
    public void Apply_HigherVersion_ReplacesPersistsAndRaisesChanged()
    {
        using var dir = new TempDir();
        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: true);
        var seen = new List<ulong>();
        store.Changed += l => seen.Add(l.Version);
        var next = ClusterLayout.Compute(2, 1, [new NodeRole(Local.Id, "dc1", 10_000), Storage("b", "dc2")], store.Current);

        Assert.True(store.Apply(next));

        Assert.Same(next, store.Current);
        Assert.Equal([2UL], seen);
        Assert.Equal(2UL, ClusterLayout.FromJson(File.ReadAllText(store.FilePath)).Version);
    }

    [Fact]
    public void Apply_SameOrLowerVersion_IsIgnored()
    {
        using var dir = new TempDir();
        var store = LayoutStore.OpenOrInitialize(dir.Path, Local, 1, autoApplySingleNode: false);
        store.Apply(ClusterLayout.Compute(3, 1, [Storage("a", "z1")], null));
        var raised = 0;
        store.Changed += _ => raised++;

        Assert.False(store.Apply(ClusterLayout.Compute(3, 1, [Storage("b", "z1")], null)));
        Assert.False(store.Apply(ClusterLayout.Compute(2, 1, [Storage("b", "z1")], null)));

        Assert.Equal(0, raised);
        Assert.Equal([Id("a")], store.Current.StorageNodes);
        Assert.Equal([Id("a")], ClusterLayout.FromJson(File.ReadAllText(store.FilePath)).StorageNodes);
    }

    [Fact]
    public void OpenOrInitialize_CorruptLayoutFile_ThrowsInsteadOfStartingOver()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, LayoutStore.FileName);
        File.WriteAllText(path, "{\"version\": 1, \"repl");

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
}
