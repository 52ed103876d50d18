using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Tests.Placement;

public sealed class EntityPlacementCheckTests
{
    private static readonly BucketId Bucket = new(TestNodes.Id("bucket").Value);

    [Fact]
    public async Task PreferredNode_IsWhereTheDirectorPlaces()
    {
        var world = new PlacementWorld(5);
        var layout = new FakeLayoutProvider(ClusterLayout.Compute(1, 3, [.. world.Nodes.Select((n, i) => new NodeRole(n, $"z{i}", 100))], null));
        var director = new ReplicaSetPlacementDirector(world.Map, layout);
        var check = new EntityPlacementCheck(world.Map, layout, new LocalNode(world.Nodes[0], "z0", 100));

        for (var i = 0; i < 100; i++)
        {
            var key = $"{Bucket.ToHex()}/{i}";
            var silo = await director.OnAddActivation(ReplicaSetPlacement.Singleton, PlacementWorld.Target(key), world.Context());
            Assert.True(world.Map.TryGetNode(silo, out var placed));
            Assert.Equal(placed, check.PreferredLiveNode(key));
        }
    }

    [Fact]
    public void ActivationOnAStandIn_IsMisplacedOnceThePreferredNodeIsBack()
    {
        var world = new PlacementWorld(3);
        var layout = new FakeLayoutProvider(ClusterLayout.Compute(1, 3, [.. world.Nodes.Select((n, i) => new NodeRole(n, $"z{i}", 100))], null));

        // A key whose preferred node is not node 0 (the local one): with that node dead, node 0 may be the stand-in.
        var key = Enumerable.Range(0, 100).Select(i => $"{Bucket.ToHex()}/{i}")
            .First(k => new EntityPlacementCheck(world.Map, layout, new LocalNode(world.Nodes[0], "z0", 100)).PreferredLiveNode(k) != world.Nodes[0]);
        var check = new EntityPlacementCheck(world.Map, layout, new LocalNode(world.Nodes[0], "z0", 100));
        var preferred = check.PreferredLiveNode(key)!.Value;
        var preferredSilo = world.Silos[Array.IndexOf(world.Nodes, preferred)];
        var third = world.Nodes.Single(n => n != preferred && n != world.Nodes[0]);

        world.SetMember(preferredSilo, SiloStatus.Dead, "preferred");
        world.SetMember(world.Silos[Array.IndexOf(world.Nodes, third)], SiloStatus.Dead, "third");
        Assert.False(check.IsMisplacedHere(key)); // the only live replica: stay

        world.SetMember(preferredSilo, SiloStatus.Active, NodeSiloMap.SiloNameFor(preferred));
        Assert.True(check.IsMisplacedHere(key)); // its node is back: move
    }
}
