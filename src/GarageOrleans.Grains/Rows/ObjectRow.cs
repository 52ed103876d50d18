using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// The object table row of one (bucket, key): its versions sorted by (timestamp, id), and the floor below which
/// versions are dropped (versioning off; Garage's rule). Merge: union by version id (each id merged with
/// <see cref="ObjectVersionRow.MergeSame"/>, the max under a total order); the floor becomes the greatest of both
/// floors and of the key of every input copy that is Complete; versions whose key is below the floor are dropped.
/// The floor is stored rather than recomputed from the kept versions because a Complete version can later meet an
/// Aborted copy of itself (Aborted is the top state): "the newest Complete version" can then move backwards, and a
/// drop computed from it depends on the grouping of merges. The floor only rises. With a version's timestamp fixed
/// for its whole life, the row is the image of the set of copies ever written, and merge the image of set union: a
/// semilattice (docs/crdt-rows.md). An upload completes as a new version with a fresh timestamp, so the last upload
/// to complete is the newest even when its Uploading entry was dropped meanwhile.
/// </summary>
/// <param name="Versions">Kept versions, sorted by (timestamp, id).</param>
/// <param name="Floor">The (timestamp, id) of the newest version ever seen Complete; null in rows written before it
/// existed and in deltas (a merge derives it from their Complete versions).</param>
[GenerateSerializer, Immutable]
public sealed record ObjectRow(
    [property: Id(0)] IReadOnlyList<ObjectVersionRow> Versions,
    [property: Id(1)] VersionKey? Floor = null) : ICrdt<ObjectRow>
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
        ArgumentNullException.ThrowIfNull(other);
        var floor = VersionKey.Max(Floor, other.Floor);
        var byId = new Dictionary<VersionId, ObjectVersionRow>();
        foreach (var v in Versions.Concat(other.Versions))
        {
            // Every input copy counts, before the per-id merge: a Complete copy raises the floor even when an Aborted
            // copy of the same version wins the merge.
            if (v.State == ObjectVersionState.Complete)
            {
                floor = VersionKey.Max(floor, v.Key);
            }

            byId[v.Id] = byId.TryGetValue(v.Id, out var existing) ? existing.MergeSame(v) : v;
        }

        var kept = byId.Values.Where(v => floor is not { } f || v.Key.CompareTo(f) >= 0).ToList();
        kept.Sort((a, b) => a.CompareOrder(b));
        return new ObjectRow(kept, floor);
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
