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
    async Task<IReadOnlyList<AccessKeyInfo>> IKeyCatalogGrain.ListAsync()
    {
        var result = new List<AccessKeyInfo>();
        await foreach (var (sortKey, row) in tables.Keys.ScanAsync(TableClient<Deletable<KeyParams>>.FullCopyPartitionKey))
        {
            if (AccessKeyInfos.From(Encoding.UTF8.GetString(sortKey), row) is { } key)
            {
                result.Add(key);
            }
        }

        return result;
    }
}
