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
    public PartAttempt MergeSame(PartAttempt other) =>
        other.Finished && !Finished ? other
        : Finished && !other.Finished ? this
        : other.Timestamp > Timestamp ? other : this;
}
