using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// A live bucket's fields (row of the bucket table, inside a <see cref="Deletable{T}"/>). Permissions are stored
/// here only, as flags per access key id (bit 0 read, bit 1 write, bit 2 owner); the bucket row is their single
/// source of truth.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BucketParams(
    [property: Id(0)] ulong CreatedMs,
    [property: Id(1)] Lww<string> Name,
    [property: Id(2)] LwwMap<string, byte> Keys) : ICrdt<BucketParams>
{
    public const byte ReadFlag = 1;
    public const byte WriteFlag = 2;
    public const byte OwnerFlag = 4;

    public BucketParams Merge(BucketParams other) =>
        new(Math.Min(CreatedMs, other.CreatedMs), Name.Merge(other.Name), Keys.Merge(other.Keys));
}
