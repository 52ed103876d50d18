using CsCheck;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Primitives.Tests;

/// <summary>
/// The CRDT laws for every primitive, over arbitrary histories (<see cref="CrdtCheck"/>). Domains are small (few keys,
/// few timestamps, few values) so that equal timestamps with different values, where merge bugs hide, are frequent.
/// </summary>
public sealed class CrdtLawTests
{
    private static readonly string[] Keys = ["a", "b", "B", "\u00e9", "\U0001F600"];

    private static readonly Gen<ulong> Timestamp = Gen.Int[0, 3].Select(t => (ulong)t);

    private static readonly Gen<Lww<int>> LwwInt = Gen.Select(Timestamp, Gen.Int[-1, 2], (t, v) => new Lww<int>(t, v));

    private static readonly Gen<LwwMap<string, int>> LwwMapGen =
        Gen.Select(Gen.Int[0, Keys.Length - 1], LwwInt).Array[0, 4]
            .Select(es => LwwMap<string, int>.FromEntries(es.Select(e => new KeyValuePair<string, Lww<int>>(Keys[e.Item1], e.Item2))));

    private static readonly Gen<Deletable<LwwMap<string, int>>> DeletableMap =
        Gen.Frequency((1, Gen.Const(Deletable<LwwMap<string, int>>.Deleted)), (3, LwwMapGen.Select(Deletable<LwwMap<string, int>>.Present)));

    [Fact]
    public void CrdtBool_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(Gen.Bool.Select(b => new CrdtBool(b))));

    [Fact]
    public void LwwOfInt_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(LwwInt));

    [Fact]
    public void LwwOfString_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Select(Timestamp, Gen.Int[0, Keys.Length - 1], (t, k) => new Lww<string>(t, Keys[k]))));

    [Fact]
    public void LwwOfNullableString_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Select(Timestamp, Gen.Int[-1, Keys.Length - 1], (t, k) => new Lww<string?>(t, k < 0 ? null : Keys[k]))));

    [Fact]
    public void LwwOfBytes_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Select(Timestamp, Gen.Int[0, 2].Select(b => (byte)b).Array[0, 2].Null(), (t, v) => new Lww<byte[]?>(t, v))));

    [Fact]
    public void LwwOfNullableId_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Select(Timestamp, Gen.Int[-1, 2], (t, i) => new Lww<BucketId?>(t, i < 0 ? null : new BucketId(new Hash32((ulong)i, 0, 0, 0))))));

    [Fact]
    public void LwwOfCrdtValue_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Select(Gen.Int[0, 1], LwwMapGen, (t, m) => new Lww<LwwMap<string, int>>((ulong)t, m))));

    [Fact]
    public void LwwMap_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(LwwMapGen));

    [Fact]
    public void CrdtMap_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(CrdtMapOf(LwwInt)));

    [Fact]
    public void CrdtMapOfDeletable_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(CrdtMapOf(DeletableMap)));

    [Fact]
    public void Deletable_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(DeletableMap));

    [Fact]
    public void DeletableOfBool_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Frequency(
            (1, Gen.Const(Deletable<CrdtBool>.Deleted)),
            (3, Gen.Bool.Select(b => Deletable<CrdtBool>.Present(new CrdtBool(b)))))));

    [Fact]
    public void Check_OnNonCommutativeMerge_FailsWithCounterExample()
    {
        var e = Assert.ThrowsAny<Exception>(() => CrdtCheck.Laws(CrdtCheck.History(Gen.Int[0, 4].Select(v => new KeepLeft(v))), iterations: 200));
        Assert.Contains("commutativity", e.Message, StringComparison.Ordinal);
        Assert.Contains("KeepLeft(V=", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OnNonIdempotentMerge_Fails()
    {
        var e = Assert.ThrowsAny<Exception>(() => CrdtCheck.Laws(CrdtCheck.History(Gen.Int[0, 4].Select(v => new Sum(v))), iterations: 200));
        Assert.Contains("idempotence", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OnMergeThatIsNotAssociative_Fails()
    {
        var e = Assert.ThrowsAny<Exception>(() => CrdtCheck.Laws(CrdtCheck.History(Gen.Int[0, 4].Select(v => new Average(v))), iterations: 500));
        Assert.Contains("associativity", e.Message, StringComparison.Ordinal);
    }

    private static Gen<CrdtMap<string, TValue>> CrdtMapOf<TValue>(Gen<TValue> value) where TValue : ICrdt<TValue> =>
        Gen.Select(Gen.Int[0, Keys.Length - 1], value).Array[0, 4]
            .Select(es => es.Aggregate(CrdtMap<string, TValue>.Empty, (m, e) => m.Put(Keys[e.Item1], e.Item2)));

    private sealed record KeepLeft(int V) : ICrdt<KeepLeft>
    {
        public KeepLeft Merge(KeepLeft other) => this;
    }

    private sealed record Sum(int V) : ICrdt<Sum>
    {
        public Sum Merge(Sum other) => new(V + other.V);
    }

    /// <summary>Idempotent and commutative, not associative.</summary>
    private sealed record Average(int V) : ICrdt<Average>
    {
        public Average Merge(Average other) => new((V + other.V) / 2);
    }
}
