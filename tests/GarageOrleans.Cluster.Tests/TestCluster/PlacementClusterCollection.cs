namespace GarageOrleans.Cluster.Tests.TestCluster;

/// <summary>One cluster for the placement tests, run alone: several clusters at once overload 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlacementClusterCollection : ICollectionFixture<PlacementClusterFixture>
{
    public const string Name = "placement cluster";
}
