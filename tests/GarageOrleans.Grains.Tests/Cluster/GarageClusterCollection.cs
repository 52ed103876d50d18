namespace GarageOrleans.Grains.Tests.Cluster;

/// <summary>The cluster tests run alone: several 3-silo clusters at once overload 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GarageClusterCollection : ICollectionFixture<GarageClusterFixture>
{
    public const string Name = "garage cluster";
}

/// <summary>One healthy cluster shared by the tests that stop no silo.</summary>
public sealed class GarageClusterFixture : IAsyncLifetime
{
    public GarageTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await GarageTestCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
