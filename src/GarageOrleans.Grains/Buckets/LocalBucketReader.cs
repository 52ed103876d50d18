using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Grains.Schemas;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using GarageOrleans.Tables.FullCopy;

namespace GarageOrleans.Grains.Buckets;

/// <summary>
/// Resolves a bucket name for S3 requests from this node's replica of the bucket_alias and bucket tables (name →
/// bucket id → bucket row), through <see cref="FullCopyCache{TRow, TValue}"/>: no grain call, no remote call unless
/// this node lacks the row.
/// </summary>
/// <remarks>
/// Staleness: what this node's replica holds (see <see cref="FullCopyCache{TRow, TValue}"/>). A deletion or a
/// permission change is seen on the first request after its row reaches this node; a name or bucket this node does
/// not hold yet is read at quorum, so a bucket created on another node a moment ago is found at once.
/// </remarks>
internal sealed class LocalBucketReader : IBucketReader
{
    private static readonly Hash32 Partition = TableClient<BucketAliasRow>.FullCopyPartitionKey;

    private readonly FullCopyCache<BucketAliasRow, BucketAliasRow> _aliases;
    private readonly FullCopyCache<Deletable<BucketParams>, BucketInfo> _buckets;

    public LocalBucketReader(BucketAliasTable aliasTable, BucketTable bucketTable, IMetadataEngine engine, MetadataTables tables)
    {
        _aliases = new(aliasTable, engine, (name, ct) => tables.Aliases.GetAsync(Partition, name).WaitAsync(ct), static (_, alias) => alias);
        _buckets = new(
            bucketTable,
            engine,
            (id, ct) => tables.Buckets.GetAsync(Partition, id).WaitAsync(ct),
            static (id, row) => BucketInfos.From(new BucketId(new Hash32(id)), row));
    }

    public async Task<BucketInfo?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var alias = await _aliases.GetAsync(Encoding.UTF8.GetBytes(name), cancellationToken);
        return BucketInfos.Target(alias) is { } id
            ? await _buckets.GetAsync(id.Value.ToArray(), cancellationToken)
            : null;
    }
}
