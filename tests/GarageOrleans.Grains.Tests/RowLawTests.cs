using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Primitives.Tests;

namespace GarageOrleans.Grains.Tests;

/// <summary>
/// The CRDT laws for every table row type. Generators draw row states from one fixed "history" per seed (each version
/// id has one timestamp and one fate), because that is the invariant the grains maintain: a version id is written by
/// one activation, so two copies of it differ only by progress.
/// </summary>
public sealed class RowLawTests
{
    private const int Cases = 400;

    [Fact]
    public void ObjectRow_SatisfiesCrdtLaws() => CrdtLaws.Check(GenObjectRow, Cases, comparer: RowComparer.Object);

    [Fact]
    public void VersionRow_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => new VersionRow(r.Next(2) == 0, r.Next(3) == 0 ? null : Hashes[r.Next(2)], 1024), Cases,
            comparer: EqualityComparer<VersionRow>.Default);

    [Fact]
    public void BlockRefRow_SatisfiesCrdtLaws() => CrdtLaws.Check(r => new BlockRefRow(r.Next(2) == 0), Cases);

    [Fact]
    public void MultipartRow_SatisfiesCrdtLaws() => CrdtLaws.Check(GenMultipartRow, Cases, comparer: RowComparer.Multipart);

    [Fact]
    public void BucketRow_SatisfiesCrdtLaws() => CrdtLaws.Check(GenBucketRow, Cases, comparer: RowComparer.Bucket);

    [Fact]
    public void BucketAliasRow_SatisfiesCrdtLaws() =>
        CrdtLaws.Check(r => new BucketAliasRow(new Lww<string>((ulong)r.Next(4), r.Next(3) == 0 ? "" : Hex[r.Next(2)])), Cases);

    [Fact]
    public void KeyRow_SatisfiesCrdtLaws() => CrdtLaws.Check(GenKeyRow, Cases, comparer: RowComparer.Key);

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
    private static readonly string[] Hex = [new BucketId(new Hash32(1, 0, 0, 0)).ToHex(), new BucketId(new Hash32(2, 0, 0, 0)).ToHex()];

    /// <summary>Each of 5 version ids: a fixed timestamp, a fixed final state, fixed content.</summary>
    private static ObjectRow GenObjectRow(Random r)
    {
        var versions = new List<ObjectVersionRow>();
        for (var i = 0; i < 5; i++)
        {
            if (r.Next(2) == 0)
            {
                continue;
            }

            var fate = (ObjectVersionState)(i % 3);
            var state = r.Next(2) == 0 && fate != ObjectVersionState.Complete ? ObjectVersionState.Uploading : fate;
            var meta = new ObjectMeta(i, "etag" + i, []);
            versions.Add(new ObjectVersionRow(
                Ids[i],
                (ulong)(10 + i),
                state,
                i == 4,
                state == ObjectVersionState.Aborted ? null : meta,
                i == 3,
                null,
                state == ObjectVersionState.Complete ? [new ObjectPart(1, Ids[5], i, "p")] : []));
        }

        return ObjectRow.Empty.Merge(new ObjectRow(versions));
    }

    private static MultipartRow GenMultipartRow(Random r)
    {
        var attempts = new List<PartAttempt>();
        for (var i = 0; i < 4; i++)
        {
            if (r.Next(2) == 0)
            {
                attempts.Add(new PartAttempt(1 + (i % 2), Ids[i], (ulong)i, r.Next(2) == 0, 100 + i, "e" + i));
            }
        }

        attempts = [.. attempts.Select(a => a.Finished ? a : a with { Size = 0, ETag = "" })];
        var state = (MultipartState)r.Next(2);
        IReadOnlyList<VersionId> chosen = state == MultipartState.Completed ? [Ids[1], Ids[2]] : [];
        var row = new MultipartRow(new BucketId(new Hash32(9, 0, 0, 0)), "key", 7, new ObjectMeta(0, "", []), state, attempts, chosen);
        return row.Merge(row); // stored rows are merge results: attempts in their canonical order

    }

    private static Deletable<BucketParams> GenBucketRow(Random r)
    {
        if (r.Next(5) == 0)
        {
            return Deletable<BucketParams>.Deleted;
        }

        var keys = LwwMap<string, byte>.Empty;
        foreach (var k in new[] { "GKa", "GKb" })
        {
            if (r.Next(2) == 0)
            {
                keys = keys.Merge(LwwMap<string, byte>.FromEntries([new(k, new Lww<byte>((ulong)r.Next(3), (byte)r.Next(8)))]));
            }
        }

        return Deletable<BucketParams>.Present(new BucketParams(100, new Lww<string>((ulong)r.Next(2), "name" + r.Next(2)), keys));
    }

    private static Deletable<KeyParams> GenKeyRow(Random r) =>
        r.Next(5) == 0
            ? Deletable<KeyParams>.Deleted
            : Deletable<KeyParams>.Present(new KeyParams("secret", 5, new Lww<string>((ulong)r.Next(3), "n" + r.Next(2)), new Lww<bool>((ulong)r.Next(3), r.Next(2) == 0)));
}
