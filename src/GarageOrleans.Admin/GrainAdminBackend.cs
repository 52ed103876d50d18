using System.Security.Cryptography;
using GarageOrleans.Abstractions;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>
/// <see cref="IAdminBackend"/> over the grains of <c>GarageOrleans.Abstractions</c>. Catalog grains (key 0) give the
/// listings; entity grains (keyed by access key id or bucket name) do every write, so writes to one key or bucket
/// are serialised by its grain and this class holds no state. The membership service (absent in tests) adds the
/// nodes that joined the cluster but are not in the layout yet.
/// </summary>
internal sealed partial class GrainAdminBackend(
    IGrainFactory grains,
    ILogger<GrainAdminBackend> logger,
    IClusterMembershipService? membership = null) : IAdminBackend
{
    /// <summary>A silo's name is this prefix and its node id (NodeSiloMap.SiloNamePrefix, in a layer Admin does not see).</summary>
    private const string SiloNamePrefix = "garage-";

    /// <summary>Garage's key id format: "GK" then 12 random bytes in hex.</summary>
    private const string KeyIdPrefix = "GK";
    private const int KeyIdRandomBytes = 12;
    private const string DefaultKeyName = "Unnamed key";

    private IKeyCatalogGrain KeyCatalog => grains.GetGrain<IKeyCatalogGrain>(0);

    private IBucketCatalogGrain BucketCatalog => grains.GetGrain<IBucketCatalogGrain>(0);

    public async Task<ClusterStatus> GetClusterStatusAsync()
    {
        var status = await grains.GetGrain<IClusterStatusGrain>(0).GetStatusAsync();
        var nodes = status.Nodes
            .Select(n => new NodeStatus(
                n.Id.ToHex(),
                n.Hostname,
                n.Zone,
                n.CapacityBytes,
                n.IsUp,
                n.SiloAddress,
                n.DataDiskAvailableBytes is long avail && n.DataDiskTotalBytes is long total ? new DiskSpace(avail, total) : null))
            .ToList();
        nodes.AddRange(MembersOutsideLayout(nodes));
        return new ClusterStatus(status.LayoutVersion, status.ReplicationFactor, nodes);
    }

    /// <summary>
    /// Active silos whose node the layout does not list (a node that joined and awaits its role): by node id and
    /// silo address, with no zone or capacity, so that status shows every node that can be given a role.
    /// </summary>
    private List<NodeStatus> MembersOutsideLayout(List<NodeStatus> listed)
    {
        var extra = new List<NodeStatus>();
        if (membership is null)
        {
            return extra;
        }

        var known = listed.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .OrderBy(m => m.Name, StringComparer.Ordinal);
        foreach (var member in active)
        {
            var id = member.Name.StartsWith(SiloNamePrefix, StringComparison.Ordinal) ? member.Name[SiloNamePrefix.Length..] : member.Name;
            if (known.Add(id))
            {
                extra.Add(new NodeStatus(id, "", "", null, true, member.SiloAddress.ToString(), null));
            }
        }

        return extra;
    }

    public async Task<IReadOnlyList<KeyListItem>> ListKeysAsync()
    {
        var keys = await KeyCatalog.ListAsync();
        return keys
            .OrderBy(k => k.AccessKeyId, StringComparer.Ordinal)
            .Select(k => new KeyListItem(k.AccessKeyId, k.Name, ToTime(k.CreatedMs)))
            .ToList();
    }

    public async Task<KeyInfo> GetKeyInfoAsync(string idOrSearch, bool exactIdOnly, bool showSecret)
    {
        var key = await FindKeyAsync(idOrSearch, exactIdOnly);
        return await ToKeyInfoAsync(key, showSecret);
    }

    public async Task<KeyInfo> CreateKeyAsync(string name, bool allowCreateBucket)
    {
        var id = KeyIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdRandomBytes));
        var key = await grains.GetGrain<IAccessKeyGrain>(id).CreateAsync(NameOrDefault(name), allowCreateBucket, secret: null);
        LogKeyCreated(logger, key.AccessKeyId);
        return ToKeyInfo(key, [], showSecret: true);
    }

    public async Task<KeyInfo> ImportKeyAsync(string accessKeyId, string secretAccessKey, string name, bool allowCreateBucket)
    {
        var grain = grains.GetGrain<IAccessKeyGrain>(accessKeyId);
        if (await grain.GetAsync() is not null)
        {
            throw KeyExists(accessKeyId);
        }

        AccessKeyInfo key;
        try
        {
            key = await grain.CreateAsync(NameOrDefault(name), allowCreateBucket, secretAccessKey);
        }
        catch (InvalidOperationException)
        {
            // The grain's own check: another import of the same id won the race.
            throw KeyExists(accessKeyId);
        }

        LogKeyImported(logger, key.AccessKeyId);
        return ToKeyInfo(key, [], showSecret: true);
    }

    public async Task<KeyInfo> SetAllowCreateBucketAsync(string accessKeyId, bool allow)
    {
        var key = await grains.GetGrain<IAccessKeyGrain>(accessKeyId).SetAllowCreateBucketAsync(allow)
            ?? throw AdminApiException.NoSuchKey(accessKeyId);
        return await ToKeyInfoAsync(key, showSecret: false);
    }

    public async Task DeleteKeyAsync(string accessKeyId)
    {
        var grain = grains.GetGrain<IAccessKeyGrain>(accessKeyId);
        if (await grain.GetAsync() is null)
        {
            throw AdminApiException.NoSuchKey(accessKeyId);
        }

        // Permissions first (as Garage does), so no bucket keeps naming a key that no longer exists.
        var buckets = await BucketCatalog.ListAsync();
        await Task.WhenAll(buckets
            .Where(b => b.PermissionOf(accessKeyId).Any)
            .Select(b => grains.GetGrain<IBucketGrain>(b.Name).SetPermissionAsync(accessKeyId, BucketPermission.All, allow: false)));
        if (!await grain.DeleteAsync())
        {
            throw AdminApiException.NoSuchKey(accessKeyId);
        }

        LogKeyDeleted(logger, accessKeyId);
    }

    private async Task<AccessKeyInfo> FindKeyAsync(string idOrSearch, bool exactIdOnly)
    {
        if (string.IsNullOrEmpty(idOrSearch))
        {
            throw AdminApiException.BadRequest("A key id or search string is required.");
        }

        var exact = await grains.GetGrain<IAccessKeyGrain>(idOrSearch).GetAsync();
        if (exact is not null || exactIdOnly)
        {
            return exact ?? throw AdminApiException.NoSuchKey(idOrSearch);
        }

        var all = await KeyCatalog.ListAsync();
        var matches = all
            .Where(k => k.AccessKeyId.StartsWith(idOrSearch, StringComparison.Ordinal) || k.Name == idOrSearch)
            .ToList();
        return matches.Count switch
        {
            0 => throw AdminApiException.NoSuchKey(idOrSearch),
            1 => matches[0],
            _ => throw new AdminApiException(
                StatusCodes.Status400BadRequest,
                "AmbiguousKey",
                $"'{idOrSearch}' matches {matches.Count} keys: {string.Join(", ", matches.Select(k => k.AccessKeyId).Order(StringComparer.Ordinal))}."),
        };
    }

    private async Task<KeyInfo> ToKeyInfoAsync(AccessKeyInfo key, bool showSecret)
    {
        var buckets = await BucketCatalog.ListAsync();
        var entries = buckets
            .Where(b => b.PermissionOf(key.AccessKeyId).Any)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => new KeyBucket(b.Id.ToHex(), b.Name, ToPermissions(b.PermissionOf(key.AccessKeyId))))
            .ToList();
        return ToKeyInfo(key, entries, showSecret);
    }

    private static KeyInfo ToKeyInfo(AccessKeyInfo key, IReadOnlyList<KeyBucket> buckets, bool showSecret) =>
        new(key.AccessKeyId, key.Name, showSecret ? key.SecretAccessKey : null, ToTime(key.CreatedMs), key.AllowCreateBucket, buckets);

    private static AdminApiException KeyExists(string accessKeyId) =>
        new(StatusCodes.Status409Conflict, "KeyAlreadyExists", $"An access key with id '{accessKeyId}' already exists.");

    private static string NameOrDefault(string name) => string.IsNullOrWhiteSpace(name) ? DefaultKeyName : name;

    private static DateTimeOffset ToTime(ulong unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(checked((long)unixMs));

    private static BucketPermissions ToPermissions(BucketPermission p) => new(p.Read, p.Write, p.Owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API created access key {AccessKeyId}")]
    private static partial void LogKeyCreated(ILogger logger, string accessKeyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API imported access key {AccessKeyId}")]
    private static partial void LogKeyImported(ILogger logger, string accessKeyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API deleted access key {AccessKeyId}")]
    private static partial void LogKeyDeleted(ILogger logger, string accessKeyId);
}
