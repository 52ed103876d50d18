using CsCheck;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Tests;

/// <summary>
/// Turns generated choices into the deltas the grains write (ObjectGrain, MultipartUploadGrain), so that the law
/// tests run on the histories production can make: uploads begun, completed, aborted and deleted in any order, by
/// writers whose clocks are skewed (every version's timestamp is drawn from a tiny range, so later writes can be older
/// and equal timestamps are common). One write is 8 small numbers; CsCheck shrinks them, and the printed
/// counter-example is the interpreted deltas.
/// </summary>
internal static class RowHistories
{
    /// <summary>Up to 10 writes, each 8 choices in 0..15.</summary>
    public static readonly Gen<int[][]> Writes = Gen.Int[0, 15].Array[8].Array[1, 10];

    /// <summary>
    /// Object row deltas. Writes: inline PUT (a Complete version), single PUT (Uploading V, then a new Complete
    /// version whose part is V's data, or V aborted, or nothing: the writer died), multipart upload (Uploading V with
    /// the pending headers, then a Complete version of chosen part attempts, or V aborted as a copy of the entry or, for
    /// an entry the grain had already dropped, as an empty entry with V's own timestamp), delete marker, and the abort
    /// of any version written before (the stale-upload sweep of a grain whose view is behind: it can meet a Complete
    /// copy). With <paramref name="divergent"/>, also arbitrary copies of earlier versions: same id and timestamp
    /// (the one invariant the merge relies on), any state and content.
    /// </summary>
    public static ObjectRow[] ObjectDeltas(int[][] writes, bool divergent)
    {
        var deltas = new List<List<ObjectVersionRow>>();
        var written = new List<ObjectVersionRow>();
        var next = 0;

        // Fresh, distinct ids whose order is unrelated to creation order (the salt is generated).
        VersionId NewId(int salt) => new(new Hash32(((ulong)salt << 8) + (ulong)next++, 0, 0, 0));

        // A write is its own delta, or rides in the previous one (a grain's write carries its stale-upload aborts).
        void Write(ObjectVersionRow v, bool bundle)
        {
            written.Add(v);
            if (bundle && deltas.Count > 0)
            {
                deltas[^1].Add(v);
            }
            else
            {
                deltas.Add([v]);
            }
        }

        foreach (var o in writes)
        {
            var ts = (ulong)(o[1] % 6);
            var later = (ulong)(o[2] % 6);
            var meta = Meta(o[3]);
            var bundle = o[6] % 4 == 3;
            switch (o[0] % (divergent ? 6 : 5))
            {
                case 0:
                    Write(new(NewId(o[5]), ts, ObjectVersionState.Complete, false, meta, false, [(byte)(o[7] % 2)], []), bundle);
                    break;
                case 1:
                    {
                        var v = new ObjectVersionRow(NewId(o[5]), ts, ObjectVersionState.Uploading, false, null, false, null, []);
                        Write(v, bundle);
                        if (o[4] % 3 == 0)
                        {
                            Write(new(NewId(o[7]), later, ObjectVersionState.Complete, false, meta, false, null, [new ObjectPart(1, v.Id, meta.Size, meta.ETag)]), false);
                        }
                        else if (o[4] % 3 == 1)
                        {
                            Write(v with { State = ObjectVersionState.Aborted }, false);
                        }

                        break;
                    }

                case 2:
                    {
                        var v = new ObjectVersionRow(NewId(o[5]), ts, ObjectVersionState.Uploading, true, meta, false, null, []);
                        Write(v, bundle);
                        if (o[4] % 4 == 0)
                        {
                            var parts = Enumerable.Range(1, 1 + (o[7] % 2)).Select(i => new ObjectPart(i, NewId(o[7]), i, "p" + i)).ToList();
                            var final = meta with { Size = parts.Sum(p => p.Size), ETag = "m-" + parts.Count };
                            Write(new(NewId(o[7]), later, ObjectVersionState.Complete, false, final, false, null, parts), false);
                        }
                        else if (o[4] % 4 == 1)
                        {
                            Write(v with { State = ObjectVersionState.Aborted }, false);
                        }
                        else if (o[4] % 4 == 2)
                        {
                            Write(new(v.Id, v.Timestamp, ObjectVersionState.Aborted, false, null, false, null, []), false);
                        }

                        break;
                    }

                case 3:
                    Write(new(NewId(o[5]), ts, ObjectVersionState.Complete, false, null, true, null, []), bundle);
                    break;
                case 4 when written.Count > 0:
                    Write(written[o[5] % written.Count] with { State = ObjectVersionState.Aborted }, bundle);
                    break;
                case 5 when written.Count > 0:
                    Write(written[o[5] % written.Count] with
                    {
                        State = (ObjectVersionState)(o[4] % 3),
                        Multipart = o[2] % 2 == 0,
                        DeleteMarker = o[2] % 3 == 0,
                        Meta = o[7] % 3 == 0 ? null : meta,
                        Inline = o[7] % 2 == 0 ? null : [(byte)(o[4] % 2)],
                        Parts = o[4] % 2 == 0 ? [] : [new ObjectPart(1, NewId(0), o[7] % 2, "p")],
                    }, bundle);
                    break;
            }
        }

        return [.. deltas.Select(d => new ObjectRow(d))];
    }

    /// <summary>
    /// Multipart row deltas, as MultipartUploadGrain writes them: the created row; <c>row with { Attempts = [attempt],
    /// Chosen = [] }</c> when a part begins and when it finishes (finishing restamps it; a retry or a second
    /// activation can finish it again with other sizes and equal timestamps); Completed with the chosen attempts;
    /// Aborted. A second activation that read a stale replica can create the row again with another head.
    /// </summary>
    public static MultipartRow[] MultipartDeltas(int[][] writes)
    {
        var heads = new List<MultipartRow>();
        var begun = new List<PartAttempt>();
        var deltas = new List<MultipartRow>();
        var next = 0;
        foreach (var o in writes)
        {
            var kind = heads.Count == 0 ? 0 : o[0] % 5;
            var head = heads.Count == 0 ? null : heads[o[1] % heads.Count];
            switch (kind)
            {
                case 0:
                    var created = new MultipartRow(
                        new BucketId(new Hash32((ulong)(o[1] % 2), 0, 0, 0)), "k" + (o[2] % 2), (ulong)(o[3] % 3), Meta(o[4]), MultipartState.Active, [], []);
                    heads.Add(created);
                    deltas.Add(created);
                    break;
                case 1:
                    var attempt = new PartAttempt(1 + (o[2] % 2), new VersionId(new Hash32(((ulong)o[5] << 8) + (ulong)next++, 0, 0, 0)), (ulong)(o[3] % 4), false, 0, "");
                    begun.Add(attempt);
                    deltas.Add(head! with { Attempts = [attempt], Chosen = [] });
                    break;
                case 2 when begun.Count > 0:
                    var finished = begun[o[2] % begun.Count] with { Finished = true, Size = o[3] % 2, ETag = "e" + (o[4] % 2), Timestamp = (ulong)(o[6] % 5) };
                    deltas.Add(head! with { Attempts = [finished], Chosen = [] });
                    break;
                case 3:
                    var mask = o[2] | (o[3] << 4);
                    deltas.Add(head! with { State = MultipartState.Completed, Attempts = [], Chosen = [.. begun.Where((_, i) => ((mask >> i) & 1) == 1).Select(a => a.DataVersion)] });
                    break;
                case 4:
                    deltas.Add(head! with { State = MultipartState.Aborted, Attempts = [], Chosen = [] });
                    break;
            }
        }

        return [.. deltas];
    }

    /// <summary>Few distinct metas differing in every field, so that copies differing only in one are common.</summary>
    public static ObjectMeta Meta(int x) => new(
        x % 2,
        "e" + (x / 2 % 2),
        x / 4 % 2 == 0 ? [] : [new("content-type", "t")],
        x / 8 % 2 == 0 ? null : "CRC32",
        x / 8 % 2 == 0 ? null : "c");
}
