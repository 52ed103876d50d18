using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Primitives.Tests;

public sealed class CrdtLawTests
{
    private const int Cases = 500;
    private static readonly string[] Keys = ["a", "b", "c", "d", "\u00e9", "\U0001F600"];

    [Fact]
    public void CrdtBool_SatisfiesCrdtLaws() => CrdtLaws.Check(GenBool, Cases);

    [Fact]
    public void LwwOfInt_SatisfiesCrdtLaws() => CrdtLaws.Check(GenLwwInt, Cases);

    [Fact]
    public void LwwOfString_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => new Lww<string>((ulong)r.Next(3), Keys[r.Next(Keys.Length)]), Cases);

    [Fact]
    public void LwwOfNullableString_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => new Lww<string?>((ulong)r.Next(3), r.Next(3) == 0 ? null : Keys[r.Next(Keys.Length)]), Cases);

    [Fact]
    public void LwwOfNullableId_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => new Lww<BucketId?>((ulong)r.Next(3), r.Next(3) == 0 ? null : new BucketId(new Hash32((ulong)r.Next(3), 0, 0, 0))), Cases);

    [Fact]
    public void LwwOfCrdtValue_MergesValuesOnTie() =>
        CrdtLaws.Check(r => new Lww<LwwMap<string, int>>((ulong)r.Next(2), GenLwwMap(r)), Cases);

    [Fact]
    public void LwwMap_SatisfiesCrdtLaws() => CrdtLaws.Check(GenLwwMap, Cases);

    [Fact]
    public void CrdtMap_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => GenCrdtMap(r, GenLwwInt), Cases);

    [Fact]
    public void CrdtMapOfDeletable_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => GenCrdtMap(r, GenDeletableMap), Cases);

    [Fact]
    public void Deletable_SatisfiesCrdtLaws() => CrdtLaws.Check(GenDeletableMap, Cases);

    [Fact]
    public void DeletableOfBool_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => r.Next(3) == 0 ? Deletable<CrdtBool>.Deleted : Deletable<CrdtBool>.Present(GenBool(r)), Cases);

    [Fact]
    public void CrdtLaws_OnNonCommutativeMerge_Fails() =>
        Assert.ThrowsAny<Exception>(() => CrdtLaws.Check(r => new KeepLeft(r.Next(5)), Cases));

    [Fact]
    public void CrdtLaws_OnNonIdempotentMerge_Fails() =>
        Assert.ThrowsAny<Exception>(() => CrdtLaws.Check(r => new Sum(r.Next(5)), Cases));

    private static CrdtBool GenBool(Random r) => new(r.Next(2) == 1);

    private static Lww<int> GenLwwInt(Random r) => new((ulong)r.Next(4), r.Next(4));

    private static LwwMap<string, int> GenLwwMap(Random r)
    {
        var map = LwwMap<string, int>.Empty;
        for (var n = r.Next(4); n > 0; n--)
        {
            map = map.Merge(LwwMap<string, int>.FromEntries([new(Keys[r.Next(Keys.Length)], GenLwwInt(r))]));
        }

        return map;
    }

    private static Deletable<LwwMap<string, int>> GenDeletableMap(Random r) =>
        r.Next(4) == 0 ? Deletable<LwwMap<string, int>>.Deleted : Deletable<LwwMap<string, int>>.Present(GenLwwMap(r));

    private static CrdtMap<string, TValue> GenCrdtMap<TValue>(Random r, Func<Random, TValue> value) where TValue : ICrdt<TValue>
    {
        var map = CrdtMap<string, TValue>.Empty;
        for (var n = r.Next(4); n > 0; n--)
        {
            map = map.Put(Keys[r.Next(Keys.Length)], value(r));
        }

        return map;
    }

    private sealed record KeepLeft(int V) : ICrdt<KeepLeft>
    {
        public KeepLeft Merge(KeepLeft other) => this;
    }

    private sealed record Sum(int V) : ICrdt<Sum>
    {
        public Sum Merge(Sum other) => new(V + other.V);
    }
}
