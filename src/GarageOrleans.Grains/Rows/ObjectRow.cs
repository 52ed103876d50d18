using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// The object table row of one (bucket, key): its versions sorted by (timestamp, id). Merge: union by version id
/// (each merged with <see cref="ObjectVersionRow.MergeSame"/>), then every version older than the newest Complete one
/// is dropped (versioning off; Garage's rule). A version's timestamp never changes, which is what makes this merge
/// associative: a stale copy of a dropped version is always older than the Complete version that dropped it.
/// An upload completes as a new version with a fresh timestamp, so the last upload to complete is the newest even
/// when its Uploading entry was dropped meanwhile.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ObjectRow([property: Id(0)] IReadOnlyList<ObjectVersionRow> Versions) : ICrdt<ObjectRow>
{
    public static readonly ObjectRow Empty = new([]);

    /// <summary>The newest Complete version (possibly a delete marker), or null.</summary>
    public ObjectVersionRow? Current => Versions.LastOrDefault(v => v.State == ObjectVersionState.Complete);

    /// <summary>The newest Complete version when it is not a delete marker.</summary>
    public ObjectVersionRow? Live => Current is { DeleteMarker: false } c ? c : null;

    public ulong MaxTimestamp => Versions.Count == 0 ? 0 : Versions.Max(v => v.Timestamp);

    public ObjectVersionRow? Find(VersionId id) => Versions.FirstOrDefault(v => v.Id == id);

    public ObjectRow Merge(ObjectRow other)
    {
        var byId = new Dictionary<VersionId, ObjectVersionRow>();
        foreach (var v in Versions.Concat(other.Versions))
        {
            byId[v.Id] = byId.TryGetValue(v.Id, out var existing) ? existing.MergeSame(v) : v;
        }

        var sorted = byId.Values.ToList();
        sorted.Sort((a, b) => a.CompareOrder(b));
        var newestComplete = sorted.FindLastIndex(v => v.State == ObjectVersionState.Complete);
        var kept = newestComplete <= 0 ? sorted : sorted.GetRange(newestComplete, sorted.Count - newestComplete);
        return new ObjectRow(kept);
    }

    /// <summary>
    /// Data versions whose blocks this row keeps alive: the parts of Complete versions. The blocks of uploads in
    /// progress are kept alive by the upload itself until it completes or aborts (a multipart upload's by the
    /// multipart table).
    /// </summary>
    public IEnumerable<VersionId> LiveData() =>
        Versions.Where(v => v.State == ObjectVersionState.Complete).SelectMany(v => v.Parts.Select(p => p.DataVersion));

    /// <summary>Single-PUT uploads that were aborted: their blocks must be released.</summary>
    public IEnumerable<VersionId> AbortedData() =>
        Versions.Where(v => v.State == ObjectVersionState.Aborted && !v.Multipart).Select(v => v.Id);
}
