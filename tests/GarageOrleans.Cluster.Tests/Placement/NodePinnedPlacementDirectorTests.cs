using GarageOrleans.Cluster.Placement;
using Orleans.Runtime.Placement;

namespace GarageOrleans.Cluster.Tests.Placement;

public sealed class NodePinnedPlacementDirectorTests
{
    [Fact]
    public async Task OnAddActivation_PinnedKey_PlacesOnTheNamedNodesSilo()
    {
        var world = new PlacementWorld(3);
        var director = new NodePinnedPlacementDirector(world.Map);

        for (var i = 0; i < 3; i++)
        {
            var key = PlacementKeys.ForNode(world.Nodes[i], "object/17");
            var silo = await director.OnAddActivation(NodePinnedPlacement.Singleton, PlacementWorld.Target(key), world.Context());
            Assert.Equal(world.Silos[i], silo);
        }
    }

    [Fact]
    public async Task OnAddActivation_WithPlacementHintForAnotherSilo_StillPlacesOnTheNamedNode()
    {
        var world = new PlacementWorld(3);
        var director = new NodePinnedPlacementDirector(world.Map);
        var hint = new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = world.Silos[0] };

        var silo = await director.OnAddActivation(
            NodePinnedPlacement.Singleton, PlacementWorld.Target(PlacementKeys.ForNode(world.Nodes[2], "blocks"), hint), world.Context());

        Assert.Equal(world.Silos[2], silo);
    }

    [Fact]
    public async Task OnAddActivation_NodeWithoutSilo_ThrowsSiloUnavailable()
    {
        var world = new PlacementWorld(3);
        var director = new NodePinnedPlacementDirector(world.Map);
        var key = PlacementKeys.ForNode(TestNodes.Id("nobody"), "blocks");

        await Assert.ThrowsAsync<SiloUnavailableException>(
            () => director.OnAddActivation(NodePinnedPlacement.Singleton, PlacementWorld.Target(key), world.Context()));
    }

    [Fact]
    public async Task OnAddActivation_NodeDeclaredDead_ThrowsSiloUnavailable()
    {
        var world = new PlacementWorld(3);
        var director = new NodePinnedPlacementDirector(world.Map);
        world.SetMember(world.Silos[2], SiloStatus.Dead, "silo2");

        await Assert.ThrowsAsync<SiloUnavailableException>(
            () => director.OnAddActivation(
                NodePinnedPlacement.Singleton, PlacementWorld.Target(PlacementKeys.ForNode(world.Nodes[2], "x")), world.Context()));
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg/x")]
    public async Task OnAddActivation_KeyWithoutNodePrefix_ThrowsArgumentException(string key)
    {
        var world = new PlacementWorld(1);
        var director = new NodePinnedPlacementDirector(world.Map);

        await Assert.ThrowsAsync<ArgumentException>(
            () => director.OnAddActivation(NodePinnedPlacement.Singleton, PlacementWorld.Target(key), world.Context()));
    }

    [Fact]
    public void IsCorrectlyPlaced_ChecksTheNodePrefixOfTheKey()
    {
        var here = TestNodes.Id("here");
        var there = TestNodes.Id("there");

        Assert.True(NodePinning.IsCorrectlyPlaced(PlacementKeys.ForNode(here, "object/3"), here));
        Assert.False(NodePinning.IsCorrectlyPlaced(PlacementKeys.ForNode(there, "object/3"), here));
        Assert.False(NodePinning.IsCorrectlyPlaced("not-a-node-key", here));
    }
}
