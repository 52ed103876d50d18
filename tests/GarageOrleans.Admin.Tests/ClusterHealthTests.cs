using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin.Tests;

public sealed class ClusterHealthTests
{
    [Theory]
    [InlineData(3, 3, 0, "healthy")]
    [InlineData(3, 3, 1, "degraded")]
    [InlineData(3, 3, 2, "unavailable")]
    [InlineData(1, 1, 0, "healthy")]
    [InlineData(1, 1, 1, "unavailable")]
    [InlineData(3, 5, 1, "degraded")]
    [InlineData(2, 2, 1, "unavailable")]
    public void Health_FromReplicationFactorAndDownStorageNodes(int rf, int nodes, int down, string expected)
    {
        var list = Enumerable.Range(0, nodes)
            .Select(i => new NodeStatus($"n{i}", $"h{i}", "z", 100, i >= down, "addr", null))
            .ToList();

        var health = ClusterHandlers.Health(new ClusterStatus(1, rf, list));

        Assert.Equal(expected, health.Status);
        Assert.Equal(nodes - down, health.StorageNodesUp);
    }

    [Fact]
    public void Health_IgnoresGatewaysWhenCountingStorageNodes()
    {
        var list = new List<NodeStatus>
        {
            new("s", "h", "z", 100, true, "a", null),
            new("g", "h", "z", null, false, "a", null),
        };

        var health = ClusterHandlers.Health(new ClusterStatus(1, 1, list));

        Assert.Equal(new ClusterHealth("healthy", 2, 1, 1, 1), health);
    }

    [Fact]
    public void Health_WithNoStorageNode_IsUnavailable() =>
        Assert.Equal("unavailable", ClusterHandlers.Health(new ClusterStatus(0, 1, [new("g", "h", "z", null, true, "a", null)])).Status);
}
