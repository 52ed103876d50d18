using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests;

public sealed class ClusterLayoutTests
{
    [Fact]
    public void FromJson_OfToJson_GivesTheSameLayout()
    {
        var layout = ClusterLayout.Compute(7, 2, [Storage("a", "z1", 100), Storage("b", "z2", 300), Gateway("g"), Storage("c", "z2")], null);

        var copy = ClusterLayout.FromJson(layout.ToJson());

        Assert.Equal(layout.Version, copy.Version);
        Assert.Equal(layout.ReplicationFactor, copy.ReplicationFactor);
        Assert.Equal(layout.Roles, copy.Roles);
        Assert.All(Enumerable.Range(0, ClusterLayout.PartitionCount), p => Assert.Equal(layout.NodesOf((byte)p), copy.NodesOf((byte)p)));
    }

    [Fact]
    public void FromJson_PartitionNamingAGateway_Throws()
    {
        var layout = ClusterLayout.Compute(1, 1, [Storage("a", "z1"), Gateway("g")], null);
        var json = layout.ToJson();
        var partitions = json.IndexOf("\"partitions\"", StringComparison.Ordinal);
        json = json[..partitions] + json[partitions..].Replace(Id("a").ToHex(), Id("g").ToHex(), StringComparison.Ordinal);

        var e = Assert.Throws<InvalidDataException>(() => ClusterLayout.FromJson(json));
        Assert.Contains("distinct storage nodes", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"version\":1,\"replicationFactor\":1,\"roles\":[],\"partitions\":[]}")]
    public void FromJson_NotALayout_ThrowsInvalidData(string json)
    {
        Assert.Throws<InvalidDataException>(() => ClusterLayout.FromJson(json));
    }
}
