using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>A live access key (row of the key table, inside a <see cref="Deletable{T}"/>). The secret never changes.</summary>
[GenerateSerializer, Immutable]
public sealed record KeyParams(
    [property: Id(0)] string Secret,
    [property: Id(1)] ulong CreatedMs,
    [property: Id(2)] Lww<string> Name,
    [property: Id(3)] Lww<bool> AllowCreateBucket) : ICrdt<KeyParams>
{
    public KeyParams Merge(KeyParams other) => new(
        string.CompareOrdinal(Secret, other.Secret) >= 0 ? Secret : other.Secret,
        Math.Min(CreatedMs, other.CreatedMs),
        Name.Merge(other.Name),
        AllowCreateBucket.Merge(other.AllowCreateBucket));
}
