using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// The object table row of one (bucket, key): its versions sorted by (timestamp, id). Merge: union by version id
/// (each merged with <see cref="ObjectVersionRow.MergeSame"/>), then every Complete or Aborted version older than the
/// newest Complete one is dropped (versioning off). Uploading versions are kept until they complete or abort, so an
/// upload that started before a newer PUT finished can still complete (and then becomes the newest).
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
        var kept = sorted.Where((v, i) => i >= newestComplete || v.State == ObjectVersionState.Uploading).ToList();
        return new ObjectRow(kept);
    }

    /// <summary>
    /// Data versions whose blocks this row keeps alive: Complete parts, and the blocks of single-PUT uploads in
    /// progress. A multipart upload's parts are kept alive by the multipart table until it completes.
    /// </summary>
    public IEnumerable<VersionId> LiveData() =>
        Versions.SelectMany(v => v.State switch
        {
            ObjectVersionState.Complete => v.Parts.Select(p => p.DataVersion),
            ObjectVersionState.Uploading when !v.Multipart => [v.Id],
            _ => [],
        });

    /// <summary>Single-PUT uploads that were aborted: their blocks must be released.</summary>
    public IEnumerable<VersionId> AbortedData() =>
        Versions.Where(v => v.State == ObjectVersionState.Aborted && !v.Multipart).Select(v => v.Id);
}
