using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables;
using Orleans.Concurrency;

namespace GarageOrleans.Grains.Keys;

/// <summary>Lists the key table; stateless, so every silo can answer locally.</summary>
[StatelessWorker]
internal sealed class KeyCatalogGrain(MetadataTables tables) : Grain, IKeyCatalogGrain
{
    private const int PageSize = 1000;

    async Task<IReadOnlyList<AccessKeyInfo>> IKeyCatalogGrain.ListAsync()
    {
        var result = new List<AccessKeyInfo>();
        byte[]? start = null;
        while (true)
        {
            var (rows, more) = await tables.Keys.RangeAsync(TableClient<Deletable<KeyParams>>.FullCopyPartitionKey, start, null, PageSize);
            foreach (var (sortKey, row) in rows)
            {
                if (row.TryGetValue(out var p))
                {
                    result.Add(new AccessKeyInfo(Encoding.UTF8.GetString(sortKey), p.Secret, p.Name.Value, p.AllowCreateBucket.Value, p.CreatedMs));
                }
            }

            if (rows.Count == 0 || (!more && rows.Count < PageSize))
            {
                return result;
            }

            start = [.. rows[^1].SortKey, 0];
        }
    }
}
