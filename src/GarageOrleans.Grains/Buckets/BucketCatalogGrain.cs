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
    private const int PageSize = 1000;

    async Task<IReadOnlyList<BucketInfo>> IBucketCatalogGrain.ListAsync()
    {
        var result = new List<BucketInfo>();
        byte[]? start = null;
        while (true)
        {
            var (rows, more) = await tables.Buckets.RangeAsync(TableClient<Deletable<BucketParams>>.FullCopyPartitionKey, start, null, PageSize);
            foreach (var (sortKey, row) in rows)
            {
                if (row.TryGetValue(out var bucket))
                {
                    result.Add(BucketInfos.From(new BucketId(new Hash32(sortKey)), bucket));
                }
            }

            if (rows.Count == 0 || (!more && rows.Count < PageSize))
            {
                return [.. result.OrderBy(b => b.Name, StringComparer.Ordinal)];
            }

            start = [.. rows[^1].SortKey, 0];
        }
    }
}
