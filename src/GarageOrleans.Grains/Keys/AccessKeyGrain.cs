using System.Security.Cryptography;
using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables;

namespace GarageOrleans.Grains.Keys;

/// <summary>
/// One access key; every write to it goes through this activation, so they are serialised per key. S3 requests do
/// not come here (they read the local key table through <see cref="LocalAccessKeyReader"/>); the admin API reads the
/// activation's copy of the row.
/// </summary>
internal sealed class AccessKeyGrain(MetadataTables tables, TimeProvider clock) : Grain, IAccessKeyGrain
{
    private byte[] _sortKey = [];
    private Deletable<KeyParams>? _row;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _sortKey = Encoding.UTF8.GetBytes(this.GetPrimaryKeyString());
        _row = await tables.Keys.GetAsync(TableClient<Deletable<KeyParams>>.FullCopyPartitionKey, _sortKey);
    }

    Task<AccessKeyInfo?> IAccessKeyGrain.GetAsync() => Task.FromResult(ToInfo(_row));

    async Task<AccessKeyInfo> IAccessKeyGrain.CreateAsync(string name, bool allowCreateBucket, string? secret)
    {
        if (_row is not null)
        {
            // A deleted id is never reused: a tombstone is final (a new key needs a new id).
            throw new InvalidOperationException($"access key {this.GetPrimaryKeyString()} already exists");
        }

        var now = Timestamps.Now(clock);
        var row = Deletable<KeyParams>.Present(new KeyParams(
            secret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            now,
            new Lww<string>(now, name),
            new Lww<bool>(now, allowCreateBucket)));
        await WriteAsync(row);
        return ToInfo(_row)!;
    }

    async Task<AccessKeyInfo?> IAccessKeyGrain.SetAllowCreateBucketAsync(bool allow)
    {
        if (_row is null || !_row.TryGetValue(out var current))
        {
            return null;
        }

        await WriteAsync(Deletable<KeyParams>.Present(current with
        {
            AllowCreateBucket = current.AllowCreateBucket.Update(allow, Timestamps.Now(clock)),
        }));
        return ToInfo(_row);
    }

    async Task<bool> IAccessKeyGrain.DeleteAsync()
    {
        if (_row is null || _row.IsDeleted)
        {
            return false;
        }

        await WriteAsync(Deletable<KeyParams>.Deleted);
        return true;
    }

    private async Task WriteAsync(Deletable<KeyParams> row)
    {
        await tables.Keys.InsertAsync(TableClient<Deletable<KeyParams>>.FullCopyPartitionKey, _sortKey, row);
        _row = _row is null ? row : _row.Merge(row);
    }

    private AccessKeyInfo? ToInfo(Deletable<KeyParams>? row) => AccessKeyInfos.From(this.GetPrimaryKeyString(), row);
}
