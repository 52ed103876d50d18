using GarageOrleans.Cluster.Layout;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static GarageOrleans.Cluster.Tests.Layout.LayoutTestHistories;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests.Layout;

public sealed class LayoutHistoryJsonTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(LayoutHistory).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static LayoutHistory Busy() => ThreeThenFourNodes()
        .AckUpTo(Id("a"), 2).SyncUpTo(Id("b"), 1).SyncAckUpTo(Id("c"), 1)
        .StageRole(Gateway("g"), 30).StageRemove(Id("b"), 31)
        .StageParameters(new LayoutParameters(2, ZoneRedundancy.AtLeastZones(2)), 32);

    [Fact]
    public void FromJson_OfToJson_GivesTheSameHistory()
    {
        var history = Busy();

        var copy = LayoutHistory.FromJson(history.ToJson());

        Assert.Equal(history.ToJson(), copy.ToJson());
        Assert.Equal(history.Digest, copy.Digest);
        Assert.Equal(history.Current!.Ref, copy.Current!.Ref);
        Assert.Equal(history.Staging, copy.Staging);
    }

    [Fact]
    public void FromJson_OfEmpty_GivesEmpty()
    {
        Assert.Equal(LayoutHistory.Empty.ToJson(), LayoutHistory.FromJson(LayoutHistory.Empty.ToJson()).ToJson());
    }

    [Fact]
    public void FromJson_WithAlteredContent_ThrowsBecauseTheHashNoLongerMatches()
    {
        var json = ThreeNodes().ToJson().Replace("\"z2\"", "\"z9\"", StringComparison.Ordinal);

        var e = Assert.Throws<InvalidDataException>(() => LayoutHistory.FromJson(json));
        Assert.Contains("content hash", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"format\":2,\"prunedBelow\":0,\"versions\":[],\"seen\":[],\"trackers\":{\"ack\":[],\"sync\":[],\"syncAck\":[]},\"staging\":{\"resetAt\":0,\"roles\":[]}}")]
    public void FromJson_NotAHistory_ThrowsInvalidData(string json)
    {
        Assert.Throws<InvalidDataException>(() => LayoutHistory.FromJson(json));
    }

    [Fact]
    public void Digest_DiffersWhenOnlyATrackerDiffers()
    {
        var history = ThreeThenFourNodes();

        Assert.Equal(history.Current!.ContentHash, history.Digest.ContentHash);
        Assert.NotEqual(history.Digest, history.AckUpTo(Id("a"), 1).Digest);
        Assert.Equal(history.Digest, LayoutHistory.FromJson(history.ToJson()).Digest);
    }

    [Fact]
    public void History_RoundTripsThroughOrleansSerializer()
    {
        var history = Busy();

        var copy = Serializer.Deserialize<LayoutHistory>(Serializer.SerializeToArray(history));

        Assert.Equal(history.ToJson(), copy!.ToJson());
    }

    [Fact]
    public void TrackersAndStaging_RoundTripThroughOrleansSerializer()
    {
        var history = Busy();

        Assert.Equal(history.Trackers, Serializer.Deserialize<LayoutTrackers>(Serializer.SerializeToArray(history.Trackers)));
        Assert.Equal(history.Staging, Serializer.Deserialize<LayoutStaging>(Serializer.SerializeToArray(history.Staging)));
    }

    [Fact]
    public void Digest_RoundTripsThroughOrleansSerializer()
    {
        var digest = Busy().Digest;

        Assert.Equal(digest, Serializer.Deserialize<LayoutDigest>(Serializer.SerializeToArray(digest)));
    }
}
