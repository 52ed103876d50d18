using GarageOrleans.Primitives.Crdt;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GarageOrleans.Primitives.Tests;

public sealed class CrdtSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(Lww<>).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void Lww_RoundTripsThroughOrleansSerializer() => AssertRoundTrip(new Lww<string>(42, "v"));

    [Fact]
    public void CrdtBool_RoundTripsThroughOrleansSerializer() => AssertRoundTrip(CrdtBool.True);

    [Fact]
    public void LwwMap_RoundTripsThroughOrleansSerializer() =>
        AssertRoundTrip(LwwMap<string, int>.Empty.Update("b", 2, 7).Update("a", 1, 9));

    [Fact]
    public void EmptyLwwMap_RoundTripsThroughOrleansSerializer() => AssertRoundTrip(LwwMap<string, int>.Empty);

    [Fact]
    public void CrdtMapOfDeletable_RoundTripsThroughOrleansSerializer() =>
        AssertRoundTrip(CrdtMap<string, Deletable<CrdtBool>>.Empty
            .Put("gone", Deletable<CrdtBool>.Deleted)
            .Put("here", Deletable<CrdtBool>.Present(CrdtBool.True)));

    [Fact]
    public void EqualMaps_SerializeToEqualBytes()
    {
        var a = LwwMap<string, int>.Empty.Update("x", 1, 1).Update("y", 2, 1);
        var b = LwwMap<string, int>.Empty.Update("y", 2, 1).Update("x", 1, 1);

        Assert.Equal(Serializer.SerializeToArray(a), Serializer.SerializeToArray(b));
    }

    private static void AssertRoundTrip<T>(T value)
    {
        var copy = Serializer.Deserialize<T>(Serializer.SerializeToArray(value));
        Assert.Equal(value, copy);
    }
}
