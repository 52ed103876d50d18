using Amazon.S3;
using GarageOrleans.Testing;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace GarageOrleans.Integration.Tests;

/// <summary>One real node shared by a test collection; each test makes its own bucket.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public AmazonS3Client S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync();
        S3 = Node.S3Client();
    }

    public async Task DisposeAsync()
    {
        S3.Dispose();
        await Node.DisposeAsync();
    }

    public async Task<string> NewBucketAsync()
    {
        var name = UniqueNames.Bucket();
        await S3.PutBucketAsync(name);
        return name;
    }
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "node";
}
