using System.Net;
using GarageOrleans.Cluster.Placement;

namespace GarageOrleans.Cluster.Tests.Placement;

public sealed class NodeSiloMapTests
{
    [Fact]
    public void TryGetSilo_LocalSiloWithoutMetadata_IsKnownFromLocalNode()
    {
        var world = new PlacementWorld(3, localIndex: 1);

        Assert.False(world.Metadata.Entries.ContainsKey(world.Local));
        Assert.True(world.Map.TryGetSilo(world.Nodes[1], out var silo));
        Assert.Equal(world.Local, silo);
    }

    [Fact]
    public void TryGetSilo_RemoteSilos_AreKnownFromMetadata()
    {
        var world = new PlacementWorld(3);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(world.Map.TryGetSilo(world.Nodes[i], out var silo));
            Assert.Equal(world.Silos[i], silo);
            Assert.True(world.Map.TryGetNode(world.Silos[i], out var node));
            Assert.Equal(world.Nodes[i], node);
        }
    }

    [Fact]
    public void TryGetSilo_MetadataNotFetchedYet_FallsBackToSiloName()
    {
        var world = new PlacementWorld(2);
        world.Metadata.Entries.Remove(world.Silos[1]);
        Assert.False(world.Map.TryGetSilo(world.Nodes[1], out _));

        world.SetMember(world.Silos[1], SiloStatus.Active, NodeSiloMap.SiloNameFor(world.Nodes[1]));

        Assert.True(world.Map.TryGetSilo(world.Nodes[1], out var silo));
        Assert.Equal(world.Silos[1], silo);
    }

    [Fact]
    public void TryGetSilo_MetadataArrivesWithinTheSameSnapshot_IsPickedUp()
    {
        var world = new PlacementWorld(2);
        world.Metadata.Entries.Remove(world.Silos[1]);
        Assert.False(world.Map.TryGetSilo(world.Nodes[1], out _));

        world.Metadata.Entries[world.Silos[1]] = PlacementWorld.NodeMetadata(world.Nodes[1]);

        Assert.True(world.Map.TryGetSilo(world.Nodes[1], out _));
    }

    [Theory]
    [InlineData(SiloStatus.Dead)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Joining)]
    public void TryGetSilo_SiloNotActive_IsNotAHost(SiloStatus status)
    {
        var world = new PlacementWorld(3);

        world.SetMember(world.Silos[2], status, "silo2");

        Assert.False(world.Map.TryGetSilo(world.Nodes[2], out _));
        Assert.Equal(2, world.Map.ActiveNodes.Count);
    }

    [Fact]
    public void TryGetSilo_NodeRestartedBeforeOldSiloDeclaredDead_NewestGenerationWins()
    {
        var world = new PlacementWorld(2);
        var restarted = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11001), 2);
        world.Metadata.Entries[restarted] = PlacementWorld.NodeMetadata(world.Nodes[1]);

        world.SetMember(restarted, SiloStatus.Active, "silo1-again");

        Assert.True(world.Map.TryGetSilo(world.Nodes[1], out var silo));
        Assert.Equal(restarted, silo);
    }
}
