using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Tests.Placement;

public sealed class ReplicaSetPlacementDirectorTests
{
    private static readonly BucketId Bucket = new(TestNodes.Id("bucket").Value);

    [Fact]
    public async Task OnAddActivation_ChoosesANodeOfTheKeysReplicaSet()
    {
        var (world, layout, director) = Setup(nodes: 5, rf: 3);

        for (var i = 0; i < 200; i++)
        {
            var bucket = new BucketId(TestNodes.Id($"bucket{i}").Value);
            var silo = await director.OnAddActivation(ReplicaSetPlacement.Singleton, PlacementWorld.Target($"{bucket.ToHex()}/k"), world.Context());

            Assert.True(world.Map.TryGetNode(silo, out var node));
            Assert.Contains(node, layout.NodesOf(bucket.Partition));
        }
    }

    [Fact]
    public async Task OnAddActivation_SameKeyOnEverySilo_GivesTheSameSilo()
    {
        var layout = ClusterLayout.Compute(1, 3, [.. new PlacementWorld(5).Nodes.Select((n, i) => new NodeRole(n, $"z{i}", 100))], null);
        var directors = Enumerable.Range(0, 5)
            .Select(local => new PlacementWorld(5, local))
            .Select(w => (World: w, Director: new ReplicaSetPlacementDirector(w.Map, new FakeLayoutProvider(layout))))
            .ToArray();

        for (var i = 0; i < 50; i++)
        {
            var target = PlacementWorld.Target($"{Bucket.ToHex()}/object-{i}");
            var chosen = await Task.WhenAll(directors.Select(d => d.Director.OnAddActivation(ReplicaSetPlacement.Singleton, target, d.World.Context())));
            Assert.Single(chosen.Distinct());
        }
    }

    [Fact]
    public async Task OnAddActivation_KeysOfOneBucket_SpreadOverTheWholeReplicaSet()
    {
        var (world, layout, director) = Setup(nodes: 5, rf: 3);
        var counts = new Dictionary<SiloAddress, int>();

        for (var i = 0; i < 1000; i++)
        {
            var silo = await director.OnAddActivation(ReplicaSetPlacement.Singleton, PlacementWorld.Target($"{Bucket.ToHex()}/photos/{i}.jpg"), world.Context());
            counts[silo] = counts.GetValueOrDefault(silo) + 1;
        }

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.True(c > 200, $"one replica node got only {c} of 1000 keys"));
        Assert.Equal(layout.NodesOf(Bucket.Partition).Order(), counts.Keys.Select(s => world.Map.TryGetNode(s, out var n) ? n : default).Order());
    }

    [Fact]
    public async Task OnAddActivation_OneReplicaDead_OnlyItsKeysMoveToTheOtherReplicas()
    {
        var (world, layout, director) = Setup(nodes: 5, rf: 3);
        var replicas = layout.NodesOf(Bucket.Partition);
        var victim = Array.IndexOf(world.Nodes, replicas[0]);
        var keys = Enumerable.Range(0, 300).Select(i => $"{Bucket.ToHex()}/{i}").ToArray();
        var before = await PlaceAllAsync(director, world, keys);

        world.SetMember(world.Silos[victim], SiloStatus.Dead, "victim");
        var after = await PlaceAllAsync(director, world, keys);

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.NotEqual(world.Silos[victim], after[i]);
            Assert.True(world.Map.TryGetNode(after[i], out var node));
            Assert.Contains(node, replicas);
            if (!before[i].Equals(world.Silos[victim]))
            {
                Assert.Equal(before[i], after[i]);
            }
        }
    }

    [Fact]
    public async Task OnAddActivation_WholeReplicaSetDead_FallsBackToAnotherLiveSiloDeterministically()
    {
        var (world, layout, director) = Setup(nodes: 5, rf: 3);
        foreach (var node in layout.NodesOf(Bucket.Partition))
        {
            world.SetMember(world.Silos[Array.IndexOf(world.Nodes, node)], SiloStatus.Dead, "dead");
        }

        var live = world.Context().GetCompatibleSilos(default);
        var target = PlacementWorld.Target($"{Bucket.ToHex()}/k");
        var first = await director.OnAddActivation(ReplicaSetPlacement.Singleton, target, world.Context());
        var second = await director.OnAddActivation(ReplicaSetPlacement.Singleton, target, new FakePlacementContext(world.Local, [.. live.Reverse()]));

        Assert.Equal(2, live.Length);
        Assert.Contains(first, live);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task OnAddActivation_EmptyLayout_PlacesOnALiveSilo()
    {
        var world = new PlacementWorld(2);
        var director = new ReplicaSetPlacementDirector(world.Map, new FakeLayoutProvider(ClusterLayout.Empty(3)));

        var silo = await director.OnAddActivation(ReplicaSetPlacement.Singleton, PlacementWorld.Target(Bucket.ToHex()), world.Context());

        Assert.Contains(silo, world.Silos);
    }

    [Theory]
    [InlineData("my-bucket/key")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-key")]
    public async Task OnAddActivation_KeyWithoutHashPrefix_ThrowsArgumentException(string key)
    {
        var (world, _, director) = Setup(nodes: 3, rf: 1);

        await Assert.ThrowsAsync<ArgumentException>(
            () => director.OnAddActivation(ReplicaSetPlacement.Singleton, PlacementWorld.Target(key), world.Context()));
    }

    [Fact]
    public void TryGetPartition_ReadsTheFirstByteOfTheHash()
    {
        var id = VersionId.New();

        Assert.True(PlacementKeys.TryGetPartition(id.ToHex(), out var alone));
        Assert.True(PlacementKeys.TryGetPartition($"{id.ToHex().ToUpperInvariant()}/a/b", out var withRest));
        Assert.Equal(id.Partition, alone);
        Assert.Equal(id.Partition, withRest);
        Assert.False(PlacementKeys.TryGetPartition(id.ToHex()[..63], out _));
    }

    private static (PlacementWorld World, ClusterLayout Layout, ReplicaSetPlacementDirector Director) Setup(int nodes, int rf)
    {
        var world = new PlacementWorld(nodes);
        var layout = ClusterLayout.Compute(1, rf, [.. world.Nodes.Select((n, i) => new NodeRole(n, $"z{i}", 100))], null);
        return (world, layout, new ReplicaSetPlacementDirector(world.Map, new FakeLayoutProvider(layout)));
    }

    private static async Task<SiloAddress[]> PlaceAllAsync(ReplicaSetPlacementDirector director, PlacementWorld world, string[] keys)
    {
        var result = new SiloAddress[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            result[i] = await director.OnAddActivation(ReplicaSetPlacement.Singleton, PlacementWorld.Target(keys[i]), world.Context());
        }

        return result;
    }
}
