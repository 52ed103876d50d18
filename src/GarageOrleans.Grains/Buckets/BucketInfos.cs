using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Buckets;

/// <summary>
/// The one row → <see cref="BucketInfo"/> conversion, shared by the bucket grain, the listing and the node-local
/// reader so that they can never disagree on a bucket's permissions.
/// </summary>
internal static class BucketInfos
{
    public static BucketInfo From(BucketId id, BucketParams bucket) => new(
        id,
        bucket.Name.Value,
        bucket.CreatedMs,
        bucket.Keys.Entries
            .Where(e => e.Value.Value != 0)
            .ToDictionary(
                e => e.Key,
                e => new BucketPermission(
                    (e.Value.Value & BucketParams.ReadFlag) != 0,
                    (e.Value.Value & BucketParams.WriteFlag) != 0,
                    (e.Value.Value & BucketParams.OwnerFlag) != 0)));

    /// <summary>The live bucket, or null for a missing row or a tombstone.</summary>
    public static BucketInfo? From(BucketId id, Deletable<BucketParams>? row) =>
        row is not null && row.TryGetValue(out var bucket) ? From(id, bucket) : null;

    /// <summary>The bucket id a name points at, or null when the alias is missing or freed (empty).</summary>
    public static BucketId? Target(BucketAliasRow? alias) =>
        BucketId.TryParseHex(alias?.BucketHex.Value, out var id) ? id : null;
}
