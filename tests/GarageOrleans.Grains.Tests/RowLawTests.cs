using CsCheck;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Primitives.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Tests;

/// <summary>
/// The CRDT laws for every table row type, over replicated histories (<see cref="CrdtCheck"/>): object and multipart
/// rows over the writes the grains make (<see cref="RowHistories"/>), the other rows over arbitrary values from small
/// domains (equal timestamps with different values, conflicting sizes, ...). Equality is every field.
/// </summary>
public sealed class RowLawTests
{
    private static readonly Gen<ulong> Timestamp = Gen.Int[0, 2].Select(t => (ulong)t);

    [Fact]
    public void ObjectRow_IsACrdt_OverGrainHistories() =>
        CrdtCheck.Laws(RowHistories.Writes.Select(w => RowHistories.ObjectDeltas(w, divergent: false)), d => ObjectRow.Empty.Merge(d));

    [Fact]
    public void ObjectRow_IsACrdt_EvenWithDivergentCopiesOfAVersion() =>
        CrdtCheck.Laws(RowHistories.Writes.Select(w => RowHistories.ObjectDeltas(w, divergent: true)), d => ObjectRow.Empty.Merge(d));

    [Fact]
    public void MultipartRow_IsACrdt_OverGrainHistories() => CrdtCheck.Laws(RowHistories.Writes.Select(RowHistories.MultipartDeltas));

    [Fact]
    public void VersionRow_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Select(Gen.Bool, Gen.Int[-1, 1], Gen.Int[0, 2], Gen.Int[-1, 2], (deleted, h, s, o) =>
            new VersionRow(deleted, h < 0 ? null : Hashes[h], s switch { 0 => 0, 1 => 1, _ => 1024 }, o < 0 ? null : Owners[o]))));

    [Fact]
    public void BlockRefRow_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(Gen.Bool.Select(d => new BlockRefRow(d))));

    [Fact]
    public void BucketRow_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Frequency(
            (1, Gen.Const(Deletable<BucketParams>.Deleted)),
            (4, Gen.Select(Gen.Int[0, 2], LwwOf("b0", "b1"), Gen.Select(Gen.Int[0, 1], Timestamp, Gen.Int[0, 7]).Array[0, 3], (created, name, keys) =>
                Deletable<BucketParams>.Present(new BucketParams((ulong)created, name, LwwMap<string, byte>.FromEntries(
                    keys.Select(k => new KeyValuePair<string, Lww<byte>>(k.Item1 == 0 ? "GKa" : "GKb", new Lww<byte>(k.Item2, (byte)k.Item3)))))))))));

    [Fact]
    public void BucketAliasRow_IsACrdt() => CrdtCheck.Laws(CrdtCheck.History(LwwOf("", Hex[0], Hex[1]).Select(l => new BucketAliasRow(l))));

    [Fact]
    public void KeyRow_IsACrdt() =>
        CrdtCheck.Laws(CrdtCheck.History(Gen.Frequency(
            (1, Gen.Const(Deletable<KeyParams>.Deleted)),
            (4, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], LwwOf("k0", "k1"), Gen.Select(Timestamp, Gen.Bool), (secret, created, name, allow) =>
                Deletable<KeyParams>.Present(new KeyParams("s" + secret, (ulong)created, name, new Lww<bool>(allow.Item1, allow.Item2))))))));

    [Fact]
    public void ObjectRow_Merge_DropsVersionsOlderThanNewestComplete()
    {
        var meta = new ObjectMeta(1, "e", []);
        var old = new ObjectVersionRow(Ids[0], 1, ObjectVersionState.Complete, false, meta, false, [1], []);
        var uploading = new ObjectVersionRow(Ids[1], 2, ObjectVersionState.Uploading, false, null, false, null, []);
        var newest = new ObjectVersionRow(Ids[2], 3, ObjectVersionState.Complete, false, meta, false, [2], []);
        var merged = new ObjectRow([old, uploading]).Merge(new ObjectRow([newest]));
        Assert.Equal([Ids[2]], merged.Versions.Select(v => v.Id));
        Assert.Equal(Ids[2], merged.Live!.Id);
        Assert.Equal(newest.Key, merged.Floor);
    }

    /// <summary>
    /// CsCheck's counter-example to associativity before the floor was stored: a Complete version later meets an
    /// Aborted copy of itself, "the newest Complete version" moves back, and whether an older version survives
    /// depended on the grouping of the merges.
    /// </summary>
    [Fact]
    public void ObjectRow_Floor_StaysWhenTheNewestCompleteVersionIsAbortedLater()
    {
        var meta = new ObjectMeta(0, "e", []);
        var older = new ObjectVersionRow(Ids[0], 3, ObjectVersionState.Complete, false, null, true, null, []);
        var newer = new ObjectVersionRow(Ids[1], 5, ObjectVersionState.Complete, false, meta, false, [1], []);
        var x = new ObjectRow([older, newer with { State = ObjectVersionState.Aborted }]);
        var y = new ObjectRow([older with { State = ObjectVersionState.Aborted }]);
        var z = new ObjectRow([newer]);

        var left = x.Merge(y).Merge(z);
        var right = x.Merge(y.Merge(z));

        Assert.True(Structural.AreEqual(left, right), $"{Structural.Describe(left)} != {Structural.Describe(right)}");
        Assert.Equal([Ids[1]], right.Versions.Select(v => v.Id));
        Assert.Equal(newer.Key, right.Floor);
        Assert.Null(right.Current);
    }

    [Fact]
    public void ObjectRow_WithFloor_RoundTripsThroughOrleansSerializer()
    {
        var serializer = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(ObjectRow).Assembly).AddAssembly(typeof(ObjectMeta).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>();
        var row = ObjectRow.Empty.Merge(new ObjectRow([new ObjectVersionRow(Ids[0], 4, ObjectVersionState.Complete, false, new ObjectMeta(1, "e", []), false, [7], [])]));

        var copy = serializer.Deserialize<ObjectRow>(serializer.SerializeToArray(row));

        Assert.NotNull(copy);
        Assert.Equal(new VersionKey(4, Ids[0]), copy.Floor);
        Assert.True(Structural.AreEqual(row, copy));
    }

    [Fact]
    public void ObjectRow_WithoutFloor_IsNormalizedByItsFirstMerge()
    {
        var complete = new ObjectVersionRow(Ids[1], 4, ObjectVersionState.Complete, false, null, true, null, []);
        var stale = new ObjectVersionRow(Ids[0], 2, ObjectVersionState.Uploading, false, null, false, null, []);
        var legacy = new ObjectRow([stale, complete]);

        var merged = legacy.Merge(legacy);

        Assert.Equal(complete.Key, merged.Floor);
        Assert.Equal([Ids[1]], merged.Versions.Select(v => v.Id));
        Assert.True(Structural.AreEqual(merged, merged.Merge(merged)));
    }

    [Fact]
    public void ObjectRow_LiveData_IsThePartsOfCompleteVersionsOnly()
    {
        var meta = new ObjectMeta(1, "e", []);
        var complete = new ObjectVersionRow(Ids[0], 5, ObjectVersionState.Complete, false, meta, false, null, [new ObjectPart(1, Ids[3], 10, "e")]);
        var uploading = new ObjectVersionRow(Ids[1], 6, ObjectVersionState.Uploading, false, null, false, null, []);
        var aborted = new ObjectVersionRow(Ids[2], 7, ObjectVersionState.Aborted, false, null, false, null, []);
        var row = new ObjectRow([complete, uploading, aborted]);
        Assert.Equal([Ids[3]], row.LiveData());
        Assert.Equal([Ids[2]], row.AbortedData());
    }

    private static readonly VersionId[] Ids = [.. Enumerable.Range(1, 6).Select(i => new VersionId(new Hash32((ulong)i, 0, 0, 0)))];
    private static readonly BlockHash[] Hashes = [new(new Hash32(1, 2, 3, 4)), new(new Hash32(5, 6, 7, 8))];

    /// <summary>Owners that tie on the creation time and differ in the rest, and a multipart one.</summary>
    private static readonly VersionOwner[] Owners =
    [
        new(new BucketId(new Hash32(1, 0, 0, 0)), "k", null, 5),
        new(new BucketId(new Hash32(1, 0, 0, 0)), "l", null, 5),
        new(new BucketId(new Hash32(2, 0, 0, 0)), "k", new VersionId(new Hash32(3, 0, 0, 0)), 5),
    ];
    private static readonly string[] Hex = [new BucketId(new Hash32(1, 0, 0, 0)).ToHex(), new BucketId(new Hash32(2, 0, 0, 0)).ToHex()];

    private static Gen<Lww<string>> LwwOf(params string[] values) =>
        Gen.Select(Timestamp, Gen.Int[0, values.Length - 1], (t, v) => new Lww<string>(t, values[v]));
}
