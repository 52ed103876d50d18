using GarageOrleans.Abstractions;
using GarageOrleans.Admin.Contracts;
using GarageOrleans.Primitives;

namespace GarageOrleans.Admin;

/// <summary>
/// The layout calls: straight through to the layout coordinator grain (key 0), which serialises every change
/// cluster-wide; this side only translates between the grain's DTOs and the admin API's records. Its refusals
/// (<see cref="LayoutChangeRejectedException"/>) pass through to <see cref="AdminErrorFilter"/> unchanged.
/// </summary>
internal sealed partial class GrainAdminBackend
{
    private ILayoutGrain Layout => grains.GetGrain<ILayoutGrain>(0);

    public async Task<ClusterLayoutInfo> GetClusterLayoutAsync() => ToLayout(await Layout.GetAsync());

    public async Task<ClusterLayoutInfo> UpdateClusterLayoutAsync(IReadOnlyList<NodeRoleChange> roles, LayoutParameters? parameters)
    {
        var staged = roles
            .Select(r => new StagedRoleChange(NodeId.ParseHex(r.Id), r.IsRemove, r.IsRemove ? null : r.Zone, r.IsRemove ? null : r.Capacity))
            .ToList();
        var info = await Layout.StageAsync(staged, parameters is null ? null : ToGrain(parameters));
        LogLayoutStaged(logger, staged.Count, parameters is not null);
        return ToLayout(info);
    }

    public async Task<ClusterLayoutInfo> ApplyClusterLayoutAsync(ulong version)
    {
        var info = await Layout.ApplyAsync(version);
        LogLayoutApplied(logger, info.Version, info.ContentHash ?? "");
        return ToLayout(info);
    }

    public async Task<ClusterLayoutInfo> RevertClusterLayoutAsync()
    {
        var info = await Layout.RevertAsync();
        LogLayoutReverted(logger);
        return ToLayout(info);
    }

    public async Task<ClusterLayoutHistory> GetClusterLayoutHistoryAsync()
    {
        var history = await Layout.GetHistoryAsync();
        return new ClusterLayoutHistory(
            history.CurrentVersion,
            history.ReadVersion,
            history.OldestActiveVersion,
            history.Versions
                .OrderBy(v => v.Version)
                .Select(v => new ClusterLayoutVersion(v.Version, v.ContentHash, v.Status, v.ReplicationFactor, v.StorageNodes, v.GatewayNodes))
                .ToList(),
            history.Trackers
                .OrderBy(t => t.Node)
                .ToDictionary(t => t.Node.ToHex(), t => new NodeUpdateTrackers(t.Ack, t.Sync, t.SyncAck), StringComparer.Ordinal),
            history.Diverged);
    }

    internal static ClusterLayoutInfo ToLayout(LayoutInfo info) => new(
        info.Version,
        info.ContentHash,
        ToApi(info.Parameters),
        ToApi(info.Roles),
        info.StagedRoles
            .OrderBy(r => r.Node)
            .Select(r => r.Remove
                ? new NodeRoleChange(r.Node.ToHex(), Remove: true)
                : new NodeRoleChange(r.Node.ToHex(), Zone: r.Zone, Capacity: r.CapacityBytes))
            .ToList(),
        ToApi(info.StagedParameters),
        info.Preview is { } p ? new ClusterLayoutPreview(p.Version, p.ContentHash, ToApi(p.Parameters), ToApi(p.Roles), p.PartitionCopiesMoved, p.Error) : null,
        info.Diverged);

    private static List<LayoutNodeRole> ToApi(IReadOnlyList<LayoutRoleInfo> roles) =>
        roles.OrderBy(r => r.Node).Select(r => new LayoutNodeRole(r.Node.ToHex(), r.Zone, r.CapacityBytes, r.Partitions)).ToList();

    private static LayoutParameters? ToApi(LayoutParametersInfo? p) =>
        p is null ? null : new LayoutParameters(p.ReplicationFactor, new ZoneRedundancy(p.ZoneRedundancy));

    private static LayoutParametersInfo ToGrain(LayoutParameters p) => new(p.ReplicationFactor, p.ZoneRedundancy.AtLeast);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API staged {RoleChanges} layout role change(s), parameters changed: {Parameters}")]
    private static partial void LogLayoutStaged(ILogger logger, int roleChanges, bool parameters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API applied layout version {Version} ({ContentHash})")]
    private static partial void LogLayoutApplied(ILogger logger, ulong version, string contentHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API reverted the staged layout changes")]
    private static partial void LogLayoutReverted(ILogger logger);
}
