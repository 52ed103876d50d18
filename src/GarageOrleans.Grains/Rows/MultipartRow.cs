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
    public MultipartRow Merge(MultipartRow other)
    {
        var byVersion = new Dictionary<VersionId, PartAttempt>();
        foreach (var a in Attempts.Concat(other.Attempts))
        {
            byVersion[a.DataVersion] = byVersion.TryGetValue(a.DataVersion, out var e) ? e.MergeSame(a) : a;
        }

        var attempts = byVersion.Values.OrderBy(a => a.PartNumber).ThenBy(a => a.Timestamp).ThenBy(a => a.DataVersion).ToList();
        var state = (MultipartState)Math.Max((byte)State, (byte)other.State);
        var chosen = Chosen.Count >= other.Chosen.Count ? Chosen : other.Chosen;
        var head = other.InitiatedMs < InitiatedMs ? other : this;
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
}
