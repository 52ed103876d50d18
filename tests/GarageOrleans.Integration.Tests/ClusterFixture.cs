using GarageOrleans.Testing;

namespace GarageOrleans.Integration.Tests;

/// <summary>
/// Three real nodes in this process, one cluster at RF 3 (adonet membership on a private PostgreSQL). S3 requests
/// enter through the second node, so the first node's coordinator role and local shortcuts get no help. The
/// single-node test classes run unchanged against it (<c>Cluster*Tests</c> below).
/// </summary>
public sealed class ClusterFixture : NodeFixture
{
    private TestPostgres? _postgres;

    public TestNodeCluster Cluster { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        Cluster = await TestNodeCluster.StartAsync(_postgres, 3);
        Node = Cluster.Nodes[1];
        S3 = Node.S3Client();
    }

    public override async Task DisposeAsync()
    {
        var internalErrors = Cluster.Nodes.Sum(n => n.S3InternalErrors);
        S3.Dispose();
        await Cluster.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Assert.True(internalErrors == 0, $"the cluster answered {internalErrors} S3 request(s) with 500 InternalError; see the error log");
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

[Collection(ClusterCollection.Name)]
public sealed class ClusterObjectTests(ClusterFixture fixture) : ObjectTests(fixture);

[Collection(ClusterCollection.Name)]
public sealed class ClusterMultipartTests(ClusterFixture fixture) : MultipartTests(fixture);

[Collection(ClusterCollection.Name)]
public sealed class ClusterListTests(ClusterFixture fixture) : ListTests(fixture);

[Collection(ClusterCollection.Name)]
public sealed class ClusterBucketTests(ClusterFixture fixture) : BucketTests(fixture);

[Collection(ClusterCollection.Name)]
public sealed class ClusterAuthTests(ClusterFixture fixture) : AuthTests(fixture);

[Collection(ClusterCollection.Name)]
public sealed class ClusterHostileInputTests(ClusterFixture fixture) : HostileInputTests(fixture);
