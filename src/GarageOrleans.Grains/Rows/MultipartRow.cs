using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// The multipart_upload row (partition key = upload id, empty sort key): every part attempt, and once Completed the
/// attempts the object uses. Attempts are recorded before their blocks are written, so a terminal state can release
/// every attempt the object does not use.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MultipartRow(
    [property: Id(0)] BucketId Bucket,
    [property: Id(1)] string Key,
    [property: Id(2)] ulong InitiatedMs,
    [property: Id(3)] ObjectMeta PendingMeta,
    [property: Id(4)] MultipartState State,
    [property: Id(5)] IReadOnlyList<PartAttempt> Attempts,
    [property: Id(6)] IReadOnlyList<VersionId> Chosen) : ICrdt<MultipartRow>
{
    /// <summary>
    /// Attempts: union by data version (<see cref="PartAttempt.MergeSame"/>); state: the greatest; chosen: the greater
    /// list by (count, then element-wise); head (bucket, key, initiation time, pending headers): the least under a
    /// total order over all four, so that two creations of the row (an activation that read a stale replica) resolve
    /// the same way everywhere. Every choice is a max or min under a total order, never "this one on a tie".
    /// </summary>
    public MultipartRow Merge(MultipartRow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var byVersion = new Dictionary<VersionId, PartAttempt>();
        foreach (var a in Attempts.Concat(other.Attempts))
        {
            byVersion[a.DataVersion] = byVersion.TryGetValue(a.DataVersion, out var e) ? e.MergeSame(a) : a;
        }

        var attempts = byVersion.Values.OrderBy(a => a.PartNumber).ThenBy(a => a.Timestamp).ThenBy(a => a.DataVersion).ToList();
        var state = (MultipartState)Math.Max((byte)State, (byte)other.State);
        var chosen = CompareChosen(Chosen, other.Chosen) >= 0 ? Chosen : other.Chosen;
        var head = CompareHead(this, other) <= 0 ? this : other;
        return new MultipartRow(head.Bucket, head.Key, head.InitiatedMs, head.PendingMeta, state, attempts, chosen);
    }

    /// <summary>Attempts whose blocks can be released: none while Active; those not chosen once terminal.</summary>
    public IEnumerable<VersionId> Releasable()
    {
        if (State == MultipartState.Active)
        {
            return [];
        }

        var chosen = State == MultipartState.Completed ? Chosen.ToHashSet() : [];
        return Attempts.Select(a => a.DataVersion).Where(v => !chosen.Contains(v));
    }

    /// <summary>The newest finished attempt of each part number.</summary>
    public IReadOnlyDictionary<int, PartAttempt> LatestFinished() =>
        Attempts.Where(a => a.Finished)
            .GroupBy(a => a.PartNumber)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.Timestamp).ThenBy(a => a.DataVersion).Last());

    private static int CompareChosen(IReadOnlyList<VersionId> a, IReadOnlyList<VersionId> b)
    {
        var c = a.Count.CompareTo(b.Count);
        return c != 0 ? c : RowOrder.Compare(a, b);
    }

    private static int CompareHead(MultipartRow a, MultipartRow b)
    {
        var c = a.InitiatedMs.CompareTo(b.InitiatedMs);
        c = c != 0 ? c : a.Bucket.CompareTo(b.Bucket);
        c = c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        return c != 0 ? c : RowOrder.Compare(a.PendingMeta, b.PendingMeta);
    }
}
