using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// One version in an object row. A version id is written by one object grain activation only, so two copies of a
/// version differ only by progress (state, timestamp bumped at completion), never by content.
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

    /// <summary>Merges two copies of the same version id: the copy in the later state wins.</summary>
    public ObjectVersionRow MergeSame(ObjectVersionRow other)
    {
        var winner = other.State > State ? other : this;
        var loser = ReferenceEquals(winner, this) ? other : this;

        // An Aborted copy may have been written without the Uploading content; keep what is known.
        return winner.Meta is null && loser.Meta is not null ? winner with { Meta = loser.Meta } : winner;
    }
}
