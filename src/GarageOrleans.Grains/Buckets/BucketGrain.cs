using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables;

namespace GarageOrleans.Grains.Buckets;

/// <summary>
/// One global bucket name. Creation, deletion and permission changes of the name's bucket are serialised here, so
/// a name cannot be created twice. S3 requests do not come here (they read the local bucket tables through
/// <see cref="LocalBucketReader"/>); the admin API reads the activation's copy.
/// </summary>
internal sealed class BucketGrain(MetadataTables tables, IGrainFactory grains, TimeProvider clock) : Grain, IBucketGrain
{
    private static readonly Hash32 Partition = TableClient<BucketAliasRow>.FullCopyPartitionKey;

    private string _name = "";
    private byte[] _aliasKey = [];
    private BucketAliasRow? _alias;
    private BucketId? _id;
    private BucketParams? _bucket;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        _aliasKey = Encoding.UTF8.GetBytes(_name);
        _alias = await tables.Aliases.GetAsync(Partition, _aliasKey);
        if (BucketInfos.Target(_alias) is { } id)
        {
            var row = await tables.Buckets.GetAsync(Partition, id.Value.ToArray());
            if (row is not null && row.TryGetValue(out var bucket))
            {
                _id = id;
                _bucket = bucket;
            }
        }
    }

    Task<BucketInfo?> IBucketGrain.GetAsync() => Task.FromResult(ToInfo());

    async Task<CreateBucketResult> IBucketGrain.CreateAsync(string? ownerAccessKeyId)
    {
        if (ToInfo() is { } existing)
        {
            var permission = ownerAccessKeyId is null ? default : existing.PermissionOf(ownerAccessKeyId);
            var outcome = permission.Write || permission.Owner ? CreateBucketOutcome.AlreadyOwnedByYou : CreateBucketOutcome.AlreadyExists;
            return new CreateBucketResult(outcome, existing);
        }

        var now = Timestamps.Now(clock);
        var id = BucketId.New();
        var keys = ownerAccessKeyId is null
            ? LwwMap<string, byte>.Empty
            : LwwMap<string, byte>.Empty.Update(ownerAccessKeyId, BucketParams.ReadFlag | BucketParams.WriteFlag | BucketParams.OwnerFlag, now);
        var bucket = new BucketParams(now, new Lww<string>(now, _name), keys);

        // The bucket row first, then the name: a name never points at a bucket that does not exist.
        await tables.Buckets.InsertAsync(Partition, id.Value.ToArray(), Deletable<BucketParams>.Present(bucket));
        await WriteAliasAsync(id.ToHex(), now);
        _id = id;
        _bucket = bucket;
        return new CreateBucketResult(CreateBucketOutcome.Created, ToInfo()!);
    }

    async Task<DeleteBucketOutcome> IBucketGrain.DeleteAsync()
    {
        if (_id is not { } id || _bucket is null)
        {
            return DeleteBucketOutcome.NoSuchBucket;
        }

        if (!await grains.GetGrain<IObjectListingGrain>(id.ToHex()).IsEmptyAsync())
        {
            return DeleteBucketOutcome.NotEmpty;
        }

        // The name first: once it is free no request can reach the bucket being deleted.
        await WriteAliasAsync("", Timestamps.Now(clock));
        await tables.Buckets.InsertAsync(Partition, id.Value.ToArray(), Deletable<BucketParams>.Deleted);
        _id = null;
        _bucket = null;
        return DeleteBucketOutcome.Deleted;
    }

    async Task<BucketInfo?> IBucketGrain.SetPermissionAsync(string accessKeyId, BucketPermission flags, bool allow)
    {
        if (_id is not { } id || _bucket is not { } bucket)
        {
            return null;
        }

        var change = (byte)((flags.Read ? BucketParams.ReadFlag : 0) | (flags.Write ? BucketParams.WriteFlag : 0) | (flags.Owner ? BucketParams.OwnerFlag : 0));
        bucket.Keys.TryGetValue(accessKeyId, out var current);
        var updated = allow ? (byte)(current | change) : (byte)(current & ~change);
        var next = bucket with { Keys = bucket.Keys.Update(accessKeyId, updated, Timestamps.Now(clock)) };
        await tables.Buckets.InsertAsync(Partition, id.Value.ToArray(), Deletable<BucketParams>.Present(next));
        _bucket = bucket.Merge(next);
        return ToInfo();
    }

    private async Task WriteAliasAsync(string bucketHex, ulong now)
    {
        var alias = new BucketAliasRow(_alias is null ? new Lww<string>(now, bucketHex) : _alias.BucketHex.Update(bucketHex, now));
        await tables.Aliases.InsertAsync(Partition, _aliasKey, alias);
        _alias = _alias is null ? alias : _alias.Merge(alias);
    }

    private BucketInfo? ToInfo() => _id is { } id && _bucket is { } bucket ? BucketInfos.From(id, bucket) : null;
}
