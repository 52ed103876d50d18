using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// One version in an object row. A version id is written by one object grain activation only, with one timestamp for
/// its whole life, so two copies of a version normally differ only by state; the merge does not rely on it (any two
/// copies are ordered), only on the fixed timestamp (see <see cref="ObjectRow"/>).
/// </summary>
/// <param name="Id">Version id; for a single PUT also the data version its blocks are written under.</param>
/// <param name="Timestamp">Creation time, never changed (ordering is by (Timestamp, Id)).</param>
/// <param name="State">Uploading, Complete or Aborted; a merge keeps the greatest.</param>
/// <param name="Multipart">A multipart upload: its parts live in the multipart table until completion.</param>
/// <param name="Meta">Headers (pending ones while a multipart upload is Uploading; final ones when Complete).</param>
/// <param name="DeleteMarker">A Complete version that says "deleted".</param>
/// <param name="Inline">The whole body, for objects under the inline threshold.</param>
/// <param name="Parts">The data versions of a Complete version (empty for inline data and delete markers).</param>
[GenerateSerializer, Immutable]
public sealed record ObjectVersionRow(
    [property: Id(0)] VersionId Id,
    [property: Id(1)] ulong Timestamp,
    [property: Id(2)] ObjectVersionState State,
    [property: Id(3)] bool Multipart,
    [property: Id(4)] ObjectMeta? Meta,
    [property: Id(5)] bool DeleteMarker,
    [property: Id(6)] byte[]? Inline,
    [property: Id(7)] IReadOnlyList<ObjectPart> Parts)
{
    public bool IsLive => State == ObjectVersionState.Complete && !DeleteMarker;

    public int CompareOrder(ObjectVersionRow other)
    {
        var c = Timestamp.CompareTo(other.Timestamp);
        return c != 0 ? c : Id.CompareTo(other.Id);
    }

    /// <summary>Where the version sorts in its row, and the floor below which a merge drops versions.</summary>
    public VersionKey Key => new(Timestamp, Id);

    /// <summary>
    /// Merges two copies of the same version id: the greater under <see cref="CompareCopies"/>, a total order over
    /// the whole version, so the result is the same whatever the order or grouping of the merges. Nothing is filled
    /// in from the other copy (that made the merge depend on grouping: an Aborted copy now keeps its own content).
    /// </summary>
    public ObjectVersionRow MergeSame(ObjectVersionRow other) => CompareCopies(this, other) >= 0 ? this : other;

    /// <summary>State first (the later state wins), then every other field canonically, so that any two copies that
    /// differ in any field are ordered.</summary>
    public static int CompareCopies(ObjectVersionRow a, ObjectVersionRow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = a.State.CompareTo(b.State);
        c = c != 0 ? c : a.Timestamp.CompareTo(b.Timestamp);
        c = c != 0 ? c : a.Id.CompareTo(b.Id);
        c = c != 0 ? c : a.Multipart.CompareTo(b.Multipart);
        c = c != 0 ? c : a.DeleteMarker.CompareTo(b.DeleteMarker);
        c = c != 0 ? c : RowOrder.Compare(a.Meta, b.Meta);
        c = c != 0 ? c : RowOrder.Compare(a.Inline, b.Inline);
        return c != 0 ? c : RowOrder.Sequence(a.Parts, b.Parts, RowOrder.Compare);
    }
}
