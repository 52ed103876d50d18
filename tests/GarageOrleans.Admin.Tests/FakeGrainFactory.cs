using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.Admin.Tests;

/// <summary>
/// Just enough of <see cref="IGrainFactory"/> to run <see cref="GrainAdminBackend"/> without a silo: the key, bucket,
/// catalog and cluster-status grains backed by dictionaries with the semantics their contracts state.
/// </summary>
internal sealed class FakeGrainFactory : IGrainFactory
{
    public Dictionary<string, AccessKeyInfo> Keys { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, BucketInfo> Buckets { get; } = new(StringComparer.Ordinal);

    public HashSet<string> NonEmptyBuckets { get; } = new(StringComparer.Ordinal);

    public ClusterStatusInfo Status { get; set; } = new(1, 1, []);

    /// <summary>What the layout grain answers to every call.</summary>
    public LayoutInfo Layout { get; set; } = new(0, null, null, [], [], null, null, false);

    public LayoutHistoryInfo History { get; set; } = new(0, 0, 0, [], [], false);

    /// <summary>The arguments of the last StageAsync call.</summary>
    public (IReadOnlyList<StagedRoleChange> Roles, LayoutParametersInfo? Parameters)? LastStage { get; private set; }

    /// <summary>When set, every layout change is refused with this reason, as the grain refuses a bad one.</summary>
    public string? LayoutRefusal { get; set; }

    public BucketInfo AddBucket(string name, params (string Key, BucketPermission Permission)[] keys)
    {
        var bucket = new BucketInfo(BucketId.New(), name, 1_000, keys.ToDictionary(k => k.Key, k => k.Permission));
        Buckets[name] = bucket;
        return bucket;
    }

    public AccessKeyInfo AddKey(string id, string name) => Keys[id] = new AccessKeyInfo(id, "secret-" + id, name, true, 2_000);

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        object grain = typeof(TGrainInterface) == typeof(IAccessKeyGrain) ? new KeyGrain(this, primaryKey)
            : typeof(TGrainInterface) == typeof(IBucketGrain) ? new BucketGrain(this, primaryKey)
            : throw new NotSupportedException(typeof(TGrainInterface).Name);
        return (TGrainInterface)grain;
    }

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey
    {
        object grain = typeof(TGrainInterface) == typeof(IKeyCatalogGrain) ? new KeyCatalog(this)
            : typeof(TGrainInterface) == typeof(IBucketCatalogGrain) ? new BucketCatalog(this)
            : typeof(TGrainInterface) == typeof(IClusterStatusGrain) ? new StatusGrain(this)
            : typeof(TGrainInterface) == typeof(ILayoutGrain) && primaryKey == 0 ? new LayoutGrain(this)
            : throw new NotSupportedException(typeof(TGrainInterface).Name);
        return (TGrainInterface)grain;
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => throw new NotSupportedException();

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw new NotSupportedException();

    private sealed class KeyGrain(FakeGrainFactory f, string id) : IAccessKeyGrain
    {
        public Task<AccessKeyInfo?> GetAsync() => Task.FromResult(f.Keys.GetValueOrDefault(id));

        public Task<AccessKeyInfo> CreateAsync(string name, bool allowCreateBucket, string? secret)
        {
            if (f.Keys.ContainsKey(id))
            {
                throw new InvalidOperationException("exists");
            }

            return Task.FromResult(f.Keys[id] = new AccessKeyInfo(id, secret ?? "generated-secret", name, allowCreateBucket, 3_000));
        }

        public Task<AccessKeyInfo?> SetAllowCreateBucketAsync(bool allow) =>
            Task.FromResult(f.Keys.TryGetValue(id, out var k) ? f.Keys[id] = k with { AllowCreateBucket = allow } : null);

        public Task<bool> DeleteAsync() => Task.FromResult(f.Keys.Remove(id));
    }

    private sealed class BucketGrain(FakeGrainFactory f, string name) : IBucketGrain
    {
        public Task<BucketInfo?> GetAsync() => Task.FromResult(f.Buckets.GetValueOrDefault(name));

        public Task<CreateBucketResult> CreateAsync(string? ownerAccessKeyId)
        {
            if (f.Buckets.TryGetValue(name, out var existing))
            {
                return Task.FromResult(new CreateBucketResult(CreateBucketOutcome.AlreadyExists, existing));
            }

            return Task.FromResult(new CreateBucketResult(CreateBucketOutcome.Created, f.AddBucket(name)));
        }

        public Task<DeleteBucketOutcome> DeleteAsync() =>
            Task.FromResult(!f.Buckets.ContainsKey(name) ? DeleteBucketOutcome.NoSuchBucket
                : f.NonEmptyBuckets.Contains(name) ? DeleteBucketOutcome.NotEmpty
                : f.Buckets.Remove(name) ? DeleteBucketOutcome.Deleted : DeleteBucketOutcome.NoSuchBucket);

        public Task<BucketInfo?> SetPermissionAsync(string accessKeyId, BucketPermission flags, bool allow)
        {
            if (!f.Buckets.TryGetValue(name, out var b))
            {
                return Task.FromResult<BucketInfo?>(null);
            }

            var old = b.PermissionOf(accessKeyId);
            var now = allow
                ? new BucketPermission(old.Read || flags.Read, old.Write || flags.Write, old.Owner || flags.Owner)
                : new BucketPermission(old.Read && !flags.Read, old.Write && !flags.Write, old.Owner && !flags.Owner);
            var keys = b.Keys.ToDictionary(kv => kv.Key, kv => kv.Value);
            keys[accessKeyId] = now;
            return Task.FromResult<BucketInfo?>(f.Buckets[name] = b with { Keys = keys });
        }
    }

    private sealed class KeyCatalog(FakeGrainFactory f) : IKeyCatalogGrain
    {
        public Task<IReadOnlyList<AccessKeyInfo>> ListAsync() => Task.FromResult<IReadOnlyList<AccessKeyInfo>>(f.Keys.Values.ToList());
    }

    private sealed class BucketCatalog(FakeGrainFactory f) : IBucketCatalogGrain
    {
        public Task<IReadOnlyList<BucketInfo>> ListAsync() => Task.FromResult<IReadOnlyList<BucketInfo>>(f.Buckets.Values.ToList());
    }

    private sealed class StatusGrain(FakeGrainFactory f) : IClusterStatusGrain
    {
        public Task<ClusterStatusInfo> GetStatusAsync() => Task.FromResult(f.Status);
    }

    private sealed class LayoutGrain(FakeGrainFactory f) : ILayoutGrain
    {
        public Task<LayoutInfo> GetAsync() => Task.FromResult(f.Layout);

        public Task<LayoutInfo> StageAsync(IReadOnlyList<StagedRoleChange> roles, LayoutParametersInfo? parameters)
        {
            Refuse();
            f.LastStage = (roles, parameters);
            return Task.FromResult(f.Layout);
        }

        public Task<LayoutInfo> ApplyAsync(ulong version)
        {
            Refuse();
            return Task.FromResult(f.Layout);
        }

        public Task<LayoutInfo> RevertAsync() => Task.FromResult(f.Layout);

        public Task<LayoutHistoryInfo> GetHistoryAsync() => Task.FromResult(f.History);

        private void Refuse()
        {
            if (f.LayoutRefusal is { } reason)
            {
                throw new LayoutChangeRejectedException(reason);
            }
        }
    }
}
