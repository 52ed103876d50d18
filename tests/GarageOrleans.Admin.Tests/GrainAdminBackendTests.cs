using GarageOrleans.Abstractions;
using GarageOrleans.Admin.Contracts;
using GarageOrleans.Primitives;
using Microsoft.Extensions.Logging.Abstractions;

namespace GarageOrleans.Admin.Tests;

public sealed class GrainAdminBackendTests
{
    private readonly FakeGrainFactory _grains = new();

    private GrainAdminBackend Backend => new(_grains, NullLogger<GrainAdminBackend>.Instance);

    [Fact]
    public async Task CreateKey_UsesAGarageStyleIdAndReturnsTheSecret()
    {
        var key = await Backend.CreateKeyAsync("app", allowCreateBucket: false);

        Assert.Matches("^GK[0-9a-f]{24}$", key.AccessKeyId);
        Assert.Equal("generated-secret", key.SecretAccessKey);
        Assert.False(key.AllowCreateBucket);
        Assert.Equal("app", _grains.Keys[key.AccessKeyId].Name);
    }

    [Fact]
    public async Task CreateKey_WithBlankName_GetsGaragesDefaultName()
    {
        var key = await Backend.CreateKeyAsync(" ", allowCreateBucket: true);

        Assert.Equal("Unnamed key", key.Name);
    }

    [Fact]
    public async Task GetKeyInfo_FindsByExactIdPrefixOrName_AndHidesTheSecretUnlessAsked()
    {
        _grains.AddKey("GKaaa111", "alpha");
        _grains.AddKey("GKbbb222", "beta");

        Assert.Equal("GKaaa111", (await Backend.GetKeyInfoAsync("GKaaa111", exactIdOnly: true, showSecret: false)).AccessKeyId);
        Assert.Equal("GKbbb222", (await Backend.GetKeyInfoAsync("GKbbb", exactIdOnly: false, showSecret: false)).AccessKeyId);
        var byName = await Backend.GetKeyInfoAsync("alpha", exactIdOnly: false, showSecret: true);
        Assert.Equal("secret-GKaaa111", byName.SecretAccessKey);
        Assert.Null((await Backend.GetKeyInfoAsync("alpha", exactIdOnly: false, showSecret: false)).SecretAccessKey);
    }

    [Fact]
    public async Task GetKeyInfo_AmbiguousIs400_UnknownIs404_PrefixWithExactIdOnlyIs404()
    {
        _grains.AddKey("GKaaa111", "alpha");
        _grains.AddKey("GKaab222", "beta");

        var ambiguous = await Assert.ThrowsAsync<AdminApiException>(() => Backend.GetKeyInfoAsync("GKaa", false, false));
        var unknown = await Assert.ThrowsAsync<AdminApiException>(() => Backend.GetKeyInfoAsync("nope", false, false));
        var prefixAsId = await Assert.ThrowsAsync<AdminApiException>(() => Backend.GetKeyInfoAsync("GKaaa", true, false));

        Assert.Equal((400, "AmbiguousKey"), (ambiguous.StatusCode, ambiguous.Code));
        Assert.Equal((404, "NoSuchAccessKey"), (unknown.StatusCode, unknown.Code));
        Assert.Equal(404, prefixAsId.StatusCode);
    }

    [Fact]
    public async Task GetKeyInfo_ListsTheBucketsWhereTheKeyHasAnyPermission()
    {
        _grains.AddKey("GK1", "app");
        var photos = _grains.AddBucket("photos", ("GK1", new BucketPermission(true, false, true)));
        _grains.AddBucket("revoked", ("GK1", BucketPermission.None));
        _grains.AddBucket("other", ("GK2", BucketPermission.All));

        var info = await Backend.GetKeyInfoAsync("GK1", true, false);

        var bucket = Assert.Single(info.Buckets);
        Assert.Equal(new KeyBucket(photos.Id.ToHex(), "photos", new BucketPermissions(true, false, true)), bucket);
    }

    [Fact]
    public async Task ImportKey_WithATakenId_Is409()
    {
        _grains.AddKey("GKtaken", "app");

        var e = await Assert.ThrowsAsync<AdminApiException>(() => Backend.ImportKeyAsync("GKtaken", "secret-secret", "x", true));

        Assert.Equal((409, "KeyAlreadyExists"), (e.StatusCode, e.Code));
        Assert.Equal("secret-GKtaken", _grains.Keys["GKtaken"].SecretAccessKey);
    }

    [Fact]
    public async Task DeleteKey_RemovesItsPermissionsFromEveryBucketThenTheKey()
    {
        _grains.AddKey("GK1", "app");
        _grains.AddBucket("a", ("GK1", BucketPermission.All), ("GK2", BucketPermission.All));
        _grains.AddBucket("b", ("GK1", new BucketPermission(true, false, false)));

        await Backend.DeleteKeyAsync("GK1");

        Assert.False(_grains.Keys.ContainsKey("GK1"));
        Assert.False(_grains.Buckets["a"].PermissionOf("GK1").Any);
        Assert.False(_grains.Buckets["b"].PermissionOf("GK1").Any);
        Assert.True(_grains.Buckets["a"].PermissionOf("GK2").Any);
    }

    [Fact]
    public async Task DeleteKey_Unknown_Is404()
    {
        var e = await Assert.ThrowsAsync<AdminApiException>(() => Backend.DeleteKeyAsync("GKnope"));

        Assert.Equal(404, e.StatusCode);
    }

    [Fact]
    public async Task GetBucketInfo_ByIdResolvesThroughTheCatalog_AndNamesTheKeys()
    {
        _grains.AddKey("GK1", "app");
        var photos = _grains.AddBucket("photos", ("GK1", new BucketPermission(true, true, false)), ("GKgone", new BucketPermission(true, false, false)));

        var byId = await Backend.GetBucketInfoAsync(new BucketRef(photos.Id.ToHex(), null));
        var byName = await Backend.GetBucketInfoAsync(new BucketRef(null, "photos"));

        Assert.Equal(byId, byName with { Keys = byId.Keys, GlobalAliases = byId.GlobalAliases });
        Assert.Equal(["photos"], byId.GlobalAliases);
        Assert.Equal(
            [new BucketKey("GK1", "app", new BucketPermissions(true, true, false)), new BucketKey("GKgone", null, new BucketPermissions(true, false, false))],
            byId.Keys);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_000), byId.CreatedAt);
    }

    [Fact]
    public async Task GetBucketInfo_UnknownIdOrName_Is404()
    {
        var byId = await Assert.ThrowsAsync<AdminApiException>(() => Backend.GetBucketInfoAsync(new BucketRef(BucketId.New().ToHex(), null)));
        var byName = await Assert.ThrowsAsync<AdminApiException>(() => Backend.GetBucketInfoAsync(new BucketRef(null, "nope")));

        Assert.Equal(("NoSuchBucket", "NoSuchBucket"), (byId.Code, byName.Code));
    }

    [Fact]
    public async Task CreateBucket_TakenName_Is409()
    {
        _grains.AddBucket("photos");

        var e = await Assert.ThrowsAsync<AdminApiException>(() => Backend.CreateBucketAsync("photos"));

        Assert.Equal((409, "BucketAlreadyExists"), (e.StatusCode, e.Code));
    }

    [Fact]
    public async Task DeleteBucket_NotEmptyIs409_EmptyIsDeletedAndReturnsItsId()
    {
        var full = _grains.AddBucket("full");
        _grains.NonEmptyBuckets.Add("full");
        var empty = _grains.AddBucket("empty");

        var e = await Assert.ThrowsAsync<AdminApiException>(() => Backend.DeleteBucketAsync(new BucketRef(full.Id.ToHex(), null)));
        var id = await Backend.DeleteBucketAsync(new BucketRef(null, "empty"));

        Assert.Equal((409, "BucketNotEmpty"), (e.StatusCode, e.Code));
        Assert.Equal(empty.Id.ToHex(), id);
        Assert.False(_grains.Buckets.ContainsKey("empty"));
    }

    [Fact]
    public async Task SetBucketKeyPermission_GrantingToAnUnknownKeyIs404_RevokingIsAllowed()
    {
        _grains.AddBucket("photos", ("GKgone", BucketPermission.All));

        var grant = await Assert.ThrowsAsync<AdminApiException>(
            () => Backend.SetBucketKeyPermissionAsync(new BucketRef(null, "photos"), "GKnope", new BucketPermissions(true, false, false), allow: true));
        var revoked = await Backend.SetBucketKeyPermissionAsync(new BucketRef(null, "photos"), "GKgone", new BucketPermissions(false, true, true), allow: false);

        Assert.Equal("NoSuchAccessKey", grant.Code);
        Assert.Equal(new BucketPermission(true, false, false), _grains.Buckets["photos"].PermissionOf("GKgone"));
        Assert.Equal(new BucketPermissions(true, false, false), Assert.Single(revoked.Keys).Permissions);
    }

    [Fact]
    public async Task GetClusterStatus_MapsNodesAndLeavesDiskOutWhenNotReported()
    {
        var id = NodeId.New();
        _grains.Status = new ClusterStatusInfo(4, 3, [
            new NodeStatusInfo(id, "h0", "dc1", 100, true, "10.0.0.1:3901@5", 7, 9),
            new NodeStatusInfo(NodeId.New(), "h1", "dc2", null, false, "x", null, 9),
        ]);

        var status = await Backend.GetClusterStatusAsync();

        Assert.Equal((4UL, 3), (status.LayoutVersion, status.ReplicationFactor));
        Assert.Equal(new NodeStatus(id.ToHex(), "h0", "dc1", 100, true, "10.0.0.1:3901@5", new DiskSpace(7, 9)), status.Nodes[0]);
        Assert.Null(status.Nodes[1].DataPartition);
        Assert.Null(status.Nodes[1].Capacity);
    }

    [Fact]
    public async Task UpdateClusterLayout_PassesNodeIdsRolesAndParametersToTheLayoutGrain()
    {
        var a = NodeId.New();
        var b = NodeId.New();

        await Backend.UpdateClusterLayoutAsync(
            [new NodeRoleChange(a.ToHex(), Zone: "z1", Capacity: 100), new NodeRoleChange(b.ToHex(), Remove: true)],
            new LayoutParameters(3, new ZoneRedundancy(2)));

        var (roles, parameters) = _grains.LastStage!.Value;
        Assert.Equal([new StagedRoleChange(a, false, "z1", 100), new StagedRoleChange(b, true, null, null)], roles);
        Assert.Equal(new LayoutParametersInfo(3, 2), parameters);
    }

    [Fact]
    public async Task GetClusterLayout_MapsVersionRolesStagingAndPreview()
    {
        var a = NodeId.New();
        var b = NodeId.New();
        var current = new LayoutParametersInfo(1, null);
        _grains.Layout = new LayoutInfo(
            3,
            "hash3",
            current,
            [new LayoutRoleInfo(a, "z1", 100, 256)],
            [new StagedRoleChange(b, false, "z2", null)],
            new LayoutParametersInfo(2, 1),
            new LayoutPreview(4, "hash4", new LayoutParametersInfo(2, 1), [new LayoutRoleInfo(a, "z1", 100, 256), new LayoutRoleInfo(b, "z2", null, 0)], 0, null),
            Diverged: true);

        var layout = await Backend.GetClusterLayoutAsync();

        Assert.Equal((3UL, "hash3", true), (layout.Version, layout.ContentHash, layout.Diverged));
        Assert.Equal(new LayoutParameters(1, ZoneRedundancy.Maximum), layout.Parameters);
        Assert.Equal(new LayoutNodeRole(a.ToHex(), "z1", 100, 256), Assert.Single(layout.Roles));
        Assert.Equal(new NodeRoleChange(b.ToHex(), Zone: "z2"), Assert.Single(layout.StagedRoleChanges));
        Assert.Equal(new LayoutParameters(2, new ZoneRedundancy(1)), layout.StagedParameters);
        Assert.Equal(2, layout.Preview!.Roles.Count);
        Assert.Equal(4UL, layout.Preview.Version);
    }

    [Fact]
    public async Task ApplyClusterLayout_RefusedByTheGrain_PassesTheRefusalOn()
    {
        _grains.LayoutRefusal = "version 7 is not current + 1 (2)";

        var e = await Assert.ThrowsAsync<LayoutChangeRejectedException>(() => Backend.ApplyClusterLayoutAsync(7));

        Assert.Equal("version 7 is not current + 1 (2)", e.Message);
    }

    [Fact]
    public async Task GetClusterLayoutHistory_KeysTrackersByNodeIdAndSortsVersions()
    {
        var a = NodeId.New();
        _grains.History = new LayoutHistoryInfo(
            2,
            1,
            1,
            [new LayoutVersionInfo(2, "h2", "current", 3, 3, 0), new LayoutVersionInfo(1, "h1", "active", 1, 1, 0)],
            [new LayoutTrackerInfo(a, 2, 1, 1)],
            false);

        var history = await Backend.GetClusterLayoutHistoryAsync();

        Assert.Equal([1UL, 2UL], history.Versions.Select(v => v.Version));
        Assert.Equal(new NodeUpdateTrackers(2, 1, 1), history.UpdateTrackers[a.ToHex()]);
    }
}
