using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Grains.Schemas;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using GarageOrleans.Tables.FullCopy;

namespace GarageOrleans.Grains.Keys;

/// <summary>
/// Resolves access keys for S3 requests from this node's replica of the key table, through
/// <see cref="FullCopyCache{TRow, TValue}"/>: no grain call, no remote call unless this node lacks the row.
/// </summary>
/// <remarks>
/// Staleness: what this node's replica holds (see <see cref="FullCopyCache{TRow, TValue}"/>). A deleted key stops
/// working on the first request after its tombstone reaches this node; a key this node does not hold yet (created a
/// moment ago through another node, written to a majority without this one) is read at quorum and works at once.
/// </remarks>
internal sealed class LocalAccessKeyReader(KeyTable keyTable, IMetadataEngine engine, MetadataTables tables) : IAccessKeyReader
{
    private readonly FullCopyCache<Deletable<KeyParams>, AccessKeyInfo> _keys = new(
        keyTable,
        engine,
        (id, ct) => tables.Keys.GetAsync(TableClient<Deletable<KeyParams>>.FullCopyPartitionKey, id).WaitAsync(ct),
        static (id, row) => AccessKeyInfos.From(Encoding.UTF8.GetString(id), row));

    public async Task<AccessKeyInfo?> FindAsync(string accessKeyId, CancellationToken cancellationToken) =>
        await _keys.GetAsync(Encoding.UTF8.GetBytes(accessKeyId), cancellationToken);
}
