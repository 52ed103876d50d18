using Amazon.S3;
using GarageOrleans.Testing;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace GarageOrleans.Integration.Tests;

/// <summary>One real node shared by a test collection; each test makes its own bucket.</summary>
public class NodeFixture : IAsyncLifetime
{
    public TestNode Node { get; protected set; } = null!;

    public AmazonS3Client S3 { get; protected set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync();
        S3 = Node.S3Client();
    }

    /// <summary>Stops the node, then fails the collection if any request got a 500: every one is a bug.</summary>
    public virtual async Task DisposeAsync()
    {
        var internalErrors = Node.S3InternalErrors;
        S3.Dispose();
        await Node.DisposeAsync();
        Assert.True(internalErrors == 0, $"the node answered {internalErrors} S3 request(s) with 500 InternalError; see its error log");
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
