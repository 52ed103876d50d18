using GarageOrleans.Admin.Contracts;
using Microsoft.AspNetCore.Http;

namespace GarageOrleans.Admin.Tests;

/// <summary>In-memory <see cref="IAdminBackend"/> with the semantics the HTTP layer relies on; records the last call.</summary>
internal sealed class FakeAdminBackend : IAdminBackend
{
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private readonly Dictionary<string, (string Name, string Secret, bool AllowCreateBucket)> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Id, Dictionary<string, BucketPermissions> Keys, bool Empty)> _buckets = new(StringComparer.Ordinal);
    private int _nextKey;

    public string? LastCall { get; private set; }

    public ClusterStatus Status { get; set; } = new(1, 1, [new NodeStatus(new string('a', 64), "node0", "dc1", 1L << 30, true, "127.0.0.1:3901@1", new DiskSpace(5, 10))]);

    public Exception? StatusFailure { get; set; }

    /// <summary>No version applied, nothing staged: a cluster whose nodes just joined.</summary>
    public static ClusterLayoutInfo EmptyLayout { get; } = new(0, null, null, [], [], null, null, false);

    /// <summary>The layout the layout calls answer; staging adds to it, apply checks the number as the grain does.</summary>
    public ClusterLayoutInfo Layout { get; set; } = EmptyLayout;

    public ClusterLayoutHistory History { get; set; } = new(0, 0, 0, [], new Dictionary<string, NodeUpdateTrackers>(), false);

    /// <summary>Back to the state of a fresh server, so one server can serve a whole test class.</summary>
    public void Reset()
    {
        _keys.Clear();
        _buckets.Clear();
        _nextKey = 0;
        LastCall = null;
        StatusFailure = null;
        Layout = EmptyLayout;
    }

    public string AddKey(string name, string secret = "sekrit-value-0123456789")
    {
        var id = $"GK{_nextKey++:x24}";
        _keys[id] = (name, secret, true);
        return id;
    }

    public string AddBucket(string name, bool empty = true)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
        _buckets[name] = (id, new Dictionary<string, BucketPermissions>(StringComparer.Ordinal), empty);
        return id;
    }

    public Task<ClusterStatus> GetClusterStatusAsync()
    {
        LastCall = "GetClusterStatus";
        return StatusFailure is null ? Task.FromResult(Status) : Task.FromException<ClusterStatus>(StatusFailure);
    }

    public Task<IReadOnlyList<KeyListItem>> ListKeysAsync() =>
        Task.FromResult<IReadOnlyList<KeyListItem>>(_keys.Select(k => new KeyListItem(k.Key, k.Value.Name, Epoch)).ToList());

    public Task<KeyInfo> GetKeyInfoAsync(string idOrSearch, bool exactIdOnly, bool showSecret)
    {
        LastCall = $"GetKeyInfo {idOrSearch} exact={exactIdOnly} secret={showSecret}";
        if (_keys.ContainsKey(idOrSearch))
        {
            return Task.FromResult(Info(idOrSearch, showSecret));
        }

        var matches = exactIdOnly ? [] : _keys.Where(k => k.Key.StartsWith(idOrSearch, StringComparison.Ordinal) || k.Value.Name == idOrSearch).ToList();
        return matches.Count switch
        {
            0 => throw AdminApiException.NoSuchKey(idOrSearch),
            1 => Task.FromResult(Info(matches[0].Key, showSecret)),
            _ => throw new AdminApiException(StatusCodes.Status400BadRequest, "AmbiguousKey", "ambiguous"),
        };
    }

    public Task<KeyInfo> CreateKeyAsync(string name, bool allowCreateBucket)
    {
        LastCall = $"CreateKey {name} {allowCreateBucket}";
        var id = AddKey(name);
        _keys[id] = _keys[id] with { AllowCreateBucket = allowCreateBucket };
        return Task.FromResult(Info(id, showSecret: true));
    }

    public Task<KeyInfo> ImportKeyAsync(string accessKeyId, string secretAccessKey, string name, bool allowCreateBucket)
    {
        if (!_keys.TryAdd(accessKeyId, (name, secretAccessKey, allowCreateBucket)))
        {
            throw new AdminApiException(StatusCodes.Status409Conflict, "KeyAlreadyExists", "exists");
        }

        return Task.FromResult(Info(accessKeyId, showSecret: true));
    }

    public Task<KeyInfo> SetAllowCreateBucketAsync(string accessKeyId, bool allow)
    {
        LastCall = $"SetAllowCreateBucket {accessKeyId} {allow}";
        if (!_keys.TryGetValue(accessKeyId, out var key))
        {
            throw AdminApiException.NoSuchKey(accessKeyId);
        }

        _keys[accessKeyId] = key with { AllowCreateBucket = allow };
        return Task.FromResult(Info(accessKeyId, showSecret: false));
    }

    public Task DeleteKeyAsync(string accessKeyId)
    {
        LastCall = $"DeleteKey {accessKeyId}";
        return _keys.Remove(accessKeyId) ? Task.CompletedTask : throw AdminApiException.NoSuchKey(accessKeyId);
    }

    public Task<IReadOnlyList<BucketListItem>> ListBucketsAsync() =>
        Task.FromResult<IReadOnlyList<BucketListItem>>(_buckets.Select(b => new BucketListItem(b.Value.Id, b.Key, [b.Key], Epoch)).ToList());

    public Task<BucketInfo> GetBucketInfoAsync(BucketRef bucket)
    {
        LastCall = $"GetBucketInfo id={bucket.Id} name={bucket.Name}";
        return Task.FromResult(BucketInfo(Find(bucket)));
    }

    public Task<BucketInfo> CreateBucketAsync(string name)
    {
        LastCall = $"CreateBucket {name}";
        if (_buckets.ContainsKey(name))
        {
            throw new AdminApiException(StatusCodes.Status409Conflict, "BucketAlreadyExists", "exists");
        }

        AddBucket(name);
        return Task.FromResult(BucketInfo(name));
    }

    public Task<string> DeleteBucketAsync(BucketRef bucket)
    {
        var name = Find(bucket);
        if (!_buckets[name].Empty)
        {
            throw new AdminApiException(StatusCodes.Status409Conflict, "BucketNotEmpty", "not empty");
        }

        var id = _buckets[name].Id;
        _buckets.Remove(name);
        return Task.FromResult(id);
    }

    public Task<BucketInfo> SetBucketKeyPermissionAsync(BucketRef bucket, string accessKeyId, BucketPermissions flags, bool allow)
    {
        LastCall = $"SetPermission {bucket} {accessKeyId} r={flags.Read} w={flags.Write} o={flags.Owner} allow={allow}";
        var name = Find(bucket);
        if (!_keys.ContainsKey(accessKeyId))
        {
            throw AdminApiException.NoSuchKey(accessKeyId);
        }

        var keys = _buckets[name].Keys;
        var old = keys.GetValueOrDefault(accessKeyId) ?? new BucketPermissions(false, false, false);
        keys[accessKeyId] = allow
            ? new BucketPermissions(old.Read || flags.Read, old.Write || flags.Write, old.Owner || flags.Owner)
            : new BucketPermissions(old.Read && !flags.Read, old.Write && !flags.Write, old.Owner && !flags.Owner);
        return Task.FromResult(BucketInfo(name));
    }

    private string Find(BucketRef bucket) =>
        bucket.Name is { } name
            ? (_buckets.ContainsKey(name) ? name : throw AdminApiException.NoSuchBucket(name))
            : _buckets.FirstOrDefault(b => b.Value.Id == bucket.Id).Key ?? throw AdminApiException.NoSuchBucket(bucket.ToString());

    private BucketInfo BucketInfo(string name)
    {
        var b = _buckets[name];
        var keys = b.Keys.Where(k => k.Value.Any).Select(k => new BucketKey(k.Key, _keys.GetValueOrDefault(k.Key).Name, k.Value)).ToList();
        return new BucketInfo(b.Id, name, [name], Epoch, keys);
    }

    private KeyInfo Info(string id, bool showSecret)
    {
        var k = _keys[id];
        var buckets = _buckets
            .Where(b => b.Value.Keys.TryGetValue(id, out var p) && p.Any)
            .Select(b => new KeyBucket(b.Value.Id, b.Key, b.Value.Keys[id]))
            .ToList();
        return new KeyInfo(id, k.Name, showSecret ? k.Secret : null, Epoch, k.AllowCreateBucket, buckets);
    }

    public Task<ClusterLayoutInfo> GetClusterLayoutAsync() => Task.FromResult(Layout);

    public Task<ClusterLayoutInfo> UpdateClusterLayoutAsync(IReadOnlyList<NodeRoleChange> roles, LayoutParameters? parameters)
    {
        var changes = roles.Select(r => r.IsRemove ? $"{r.Id}:remove" : $"{r.Id}:{r.Zone}:{r.Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "gateway"}");
        LastCall = $"UpdateLayout [{string.Join(",", changes)}] {(parameters is null ? "-" : $"rf={parameters.ReplicationFactor} zr={parameters.ZoneRedundancy}")}";
        var staged = Layout.StagedRoleChanges.Where(s => roles.All(r => r.Id != s.Id)).Concat(roles).ToList();
        Layout = Layout with { StagedRoleChanges = staged, StagedParameters = parameters ?? Layout.StagedParameters };
        return Task.FromResult(Layout);
    }

    public Task<ClusterLayoutInfo> ApplyClusterLayoutAsync(ulong version)
    {
        LastCall = $"ApplyLayout {version}";
        if (version != Layout.Version + 1)
        {
            throw new GarageOrleans.Abstractions.LayoutChangeRejectedException($"Version {version} is not the current version + 1 ({Layout.Version + 1}).");
        }

        if (Layout.StagedRoleChanges.Count == 0 && Layout.StagedParameters is null)
        {
            throw new GarageOrleans.Abstractions.LayoutChangeRejectedException("Nothing is staged.");
        }

        var roles = Layout.Roles.Where(r => Layout.StagedRoleChanges.All(s => s.Id != r.Id))
            .Concat(Layout.StagedRoleChanges.Where(s => !s.IsRemove).Select(s => new LayoutNodeRole(s.Id, s.Zone!, s.Capacity, 256)))
            .ToList();
        Layout = new ClusterLayoutInfo(version, new string('c', 64), Layout.StagedParameters ?? Layout.Parameters, roles, [], null, null, false);
        return Task.FromResult(Layout);
    }

    public Task<ClusterLayoutInfo> RevertClusterLayoutAsync()
    {
        LastCall = "RevertLayout";
        Layout = Layout with { StagedRoleChanges = [], StagedParameters = null, Preview = null };
        return Task.FromResult(Layout);
    }

    public Task<ClusterLayoutHistory> GetClusterLayoutHistoryAsync() => Task.FromResult(History);
}
