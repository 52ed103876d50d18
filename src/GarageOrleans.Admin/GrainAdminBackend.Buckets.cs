using GarageOrleans.Abstractions;
using GarageOrleans.Admin.Contracts;
using BucketInfo = GarageOrleans.Admin.Contracts.BucketInfo;
using GrainBucket = GarageOrleans.Abstractions.BucketInfo;

namespace GarageOrleans.Admin;

internal sealed partial class GrainAdminBackend
{
    public async Task<IReadOnlyList<BucketListItem>> ListBucketsAsync()
    {
        var buckets = await BucketCatalog.ListAsync();
        return buckets
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => new BucketListItem(b.Id.ToHex(), b.Name, [b.Name], ToTime(b.CreatedMs)))
            .ToList();
    }

    public async Task<BucketInfo> GetBucketInfoAsync(BucketRef bucket) =>
        await ToBucketInfoAsync(await FindBucketAsync(bucket));

    public async Task<BucketInfo> CreateBucketAsync(string name)
    {
        var result = await grains.GetGrain<IBucketGrain>(name).CreateAsync(ownerAccessKeyId: null);
        if (result.Outcome != CreateBucketOutcome.Created)
        {
            throw new AdminApiException(StatusCodes.Status409Conflict, "BucketAlreadyExists", $"A bucket named '{name}' already exists.");
        }

        LogBucketCreated(logger, name, result.Bucket.Id.ToHex());
        return await ToBucketInfoAsync(result.Bucket);
    }

    public async Task<string> DeleteBucketAsync(BucketRef bucket)
    {
        var found = await FindBucketAsync(bucket);
        var outcome = await grains.GetGrain<IBucketGrain>(found.Name).DeleteAsync();
        switch (outcome)
        {
            case DeleteBucketOutcome.Deleted:
                LogBucketDeleted(logger, found.Name, found.Id.ToHex());
                return found.Id.ToHex();
            case DeleteBucketOutcome.NotEmpty:
                throw new AdminApiException(
                    StatusCodes.Status409Conflict,
                    "BucketNotEmpty",
                    $"Bucket '{found.Name}' still holds objects or unfinished multipart uploads.");
            default:
                throw AdminApiException.NoSuchBucket(bucket.ToString());
        }
    }

    public async Task<BucketInfo> SetBucketKeyPermissionAsync(BucketRef bucket, string accessKeyId, BucketPermissions flags, bool allow)
    {
        var found = await FindBucketAsync(bucket);
        if (allow && await grains.GetGrain<IAccessKeyGrain>(accessKeyId).GetAsync() is null)
        {
            // Revoking is allowed for a deleted key (to clean a bucket up); granting is not.
            throw AdminApiException.NoSuchKey(accessKeyId);
        }

        var updated = await grains.GetGrain<IBucketGrain>(found.Name)
            .SetPermissionAsync(accessKeyId, new BucketPermission(flags.Read, flags.Write, flags.Owner), allow)
            ?? throw AdminApiException.NoSuchBucket(bucket.ToString());
        LogPermissionChanged(logger, allow ? "granted" : "revoked", accessKeyId, found.Name, flags.Read, flags.Write, flags.Owner);
        return await ToBucketInfoAsync(updated);
    }

    private async Task<GrainBucket> FindBucketAsync(BucketRef bucket)
    {
        if (bucket.Name is { } name)
        {
            return await grains.GetGrain<IBucketGrain>(name).GetAsync() ?? throw AdminApiException.NoSuchBucket(name);
        }

        // Bucket grains are keyed by name; the id is resolved through the listing (admin calls are rare).
        var all = await BucketCatalog.ListAsync();
        return all.FirstOrDefault(b => string.Equals(b.Id.ToHex(), bucket.Id, StringComparison.OrdinalIgnoreCase))
            ?? throw AdminApiException.NoSuchBucket(bucket.ToString());
    }

    private async Task<BucketInfo> ToBucketInfoAsync(GrainBucket bucket)
    {
        var keyIds = bucket.Keys.Where(kv => kv.Value.Any).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var keys = await Task.WhenAll(keyIds.Select(id => grains.GetGrain<IAccessKeyGrain>(id).GetAsync()));
        var entries = keyIds
            .Select((id, i) => new BucketKey(id, keys[i]?.Name, ToPermissions(bucket.Keys[id])))
            .ToList();
        return new BucketInfo(bucket.Id.ToHex(), bucket.Name, [bucket.Name], ToTime(bucket.CreatedMs), entries);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API created bucket {Bucket} ({BucketId})")]
    private static partial void LogBucketCreated(ILogger logger, string bucket, string bucketId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API deleted bucket {Bucket} ({BucketId})")]
    private static partial void LogBucketDeleted(ILogger logger, string bucket, string bucketId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API {Change} read={Read} write={Write} owner={Owner} for key {AccessKeyId} on bucket {Bucket}")]
    private static partial void LogPermissionChanged(ILogger logger, string change, string accessKeyId, string bucket, bool read, bool write, bool owner);
}
