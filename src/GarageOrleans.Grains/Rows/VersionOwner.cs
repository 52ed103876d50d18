using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// Who a data version belongs to (Garage's version backlink), written in the version's header row before any of its
/// blocks: the object (bucket, key) of a single PUT or copy, or the multipart upload <see cref="UploadId"/> of a part
/// attempt. It lets the upload repair worker ask the owner whether an old data version is still used, so the blocks of
/// an upload whose writer died are found and released (<see cref="Data.UploadRepairWorker"/>).
/// </summary>
/// <param name="Bucket">The bucket of the object (or of the multipart upload's object).</param>
/// <param name="Key">The object key.</param>
/// <param name="UploadId">The multipart upload of a part attempt; null for a single PUT or copy.</param>
/// <param name="CreatedMs">When the upload began (the writer's clock); the repair judges only versions older than the
/// upload timeout.</param>
[GenerateSerializer, Immutable]
public sealed record VersionOwner(
    [property: Id(0)] BucketId Bucket,
    [property: Id(1)] string Key,
    [property: Id(2)] VersionId? UploadId,
    [property: Id(3)] ulong CreatedMs) : IComparable<VersionOwner>
{
    /// <summary>A total order, so that the merge of two (never in practice different) owners is deterministic.</summary>
    public int CompareTo(VersionOwner? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = CreatedMs.CompareTo(other.CreatedMs);
        if (c == 0)
        {
            c = Bucket.CompareTo(other.Bucket);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(Key, other.Key);
        }

        return c != 0 ? c : Nullable.Compare(UploadId, other.UploadId);
    }
}
