using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables;
using Orleans.Concurrency;

namespace GarageOrleans.Grains.Buckets;

/// <summary>Lists the bucket table; stateless, so every silo can answer locally.</summary>
[StatelessWorker]
internal sealed class BucketCatalogGrain(MetadataTables tables) : Grain, IBucketCatalogGrain
{
    async Task<IReadOnlyList<BucketInfo>> IBucketCatalogGrain.ListAsync()
    {
        var result = new List<BucketInfo>();
        await foreach (var (sortKey, row) in tables.Buckets.ScanAsync(TableClient<Deletable<BucketParams>>.FullCopyPartitionKey))
        {
            if (row.TryGetValue(out var bucket))
            {
                result.Add(BucketInfos.From(new BucketId(new Hash32(sortKey)), bucket));
            }
        }

        return [.. result.OrderBy(b => b.Name, StringComparer.Ordinal)];
    }
}
