using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Buckets;

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
}
