using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Rows;

/// <summary>The bucket_alias row: a global name → the 64-hex id of the bucket it names ("" = free).</summary>
[GenerateSerializer, Immutable]
public sealed record BucketAliasRow([property: Id(0)] Lww<string> BucketHex) : ICrdt<BucketAliasRow>
{
    public BucketAliasRow Merge(BucketAliasRow other) => new(BucketHex.Merge(other.BucketHex));
}
