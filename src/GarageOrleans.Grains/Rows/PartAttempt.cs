using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Rows;

/// <summary>One attempt at a part: its blocks go under <see cref="DataVersion"/>. Finished once Size/ETag are known.</summary>
[GenerateSerializer, Immutable]
public sealed record PartAttempt(
    [property: Id(0)] int PartNumber,
    [property: Id(1)] VersionId DataVersion,
    [property: Id(2)] ulong Timestamp,
    [property: Id(3)] bool Finished,
    [property: Id(4)] long Size,
    [property: Id(5)] string ETag)
{
    /// <summary>
    /// Merges two copies of one attempt: the greater under a total order, finished first, then the later finish, then
    /// every other field, so that two finishes with equal timestamps (a retry, skewed clocks) resolve the same way
    /// whatever the order of the merges.
    /// </summary>
    public PartAttempt MergeSame(PartAttempt other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = Finished.CompareTo(other.Finished);
        c = c != 0 ? c : Timestamp.CompareTo(other.Timestamp);
        c = c != 0 ? c : PartNumber.CompareTo(other.PartNumber);
        c = c != 0 ? c : DataVersion.CompareTo(other.DataVersion);
        c = c != 0 ? c : Size.CompareTo(other.Size);
        c = c != 0 ? c : string.CompareOrdinal(ETag, other.ETag);
        return c >= 0 ? this : other;
    }
}
