using GarageOrleans.Abstractions;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Layout;

namespace GarageOrleans.Grains.Node;

/// <summary>The admin view of a <see cref="LayoutHistory"/>: what <c>layout show</c> and <c>layout history</c> print.</summary>
internal static class LayoutInfos
{
    public static LayoutInfo Of(LayoutHistory history)
    {
        var current = history.Current;
        return new LayoutInfo(
            history.CurrentNumber,
            current?.ContentHash.ToHex(),
            current is null ? null : Parameters(current.Parameters),
            current is null ? [] : Roles(current.Layout),
            [.. history.Staging.VisibleRoles.Select(kv => new StagedRoleChange(kv.Key, kv.Value is null, kv.Value?.Zone, kv.Value?.CapacityBytes))],
            history.Staging.VisibleParameters is { } staged ? Parameters(staged) : null,
            history.Staging.HasVisibleChanges ? Preview(history) : null,
            history.Diverged);
    }

    public static LayoutHistoryInfo HistoryOf(LayoutHistory history)
    {
        var syncAckMin = history.SyncAckMin;
        var versions = history.Versions.Select(v => new LayoutVersionInfo(
            v.Number,
            v.ContentHash.ToHex(),
            v.Number == history.CurrentNumber ? "current" : v.Number >= syncAckMin ? "active" : "retired",
            v.Parameters.ReplicationFactor,
            v.Layout.StorageNodes.Count,
            v.Layout.Roles.Count(r => r.IsGateway))).ToList();

        var trackers = history.Trackers;
        var nodes = trackers.Ack.Keys.Concat(trackers.Sync.Keys).Concat(trackers.SyncAck.Keys)
            .Concat(history.Current?.Layout.Roles.Select(r => r.Node) ?? [])
            .Distinct()
            .Order();
        return new LayoutHistoryInfo(
            history.CurrentNumber,
            history.ReadVersion?.Number ?? 0,
            history.ActiveVersions.Count > 0 ? history.ActiveVersions[0].Number : 0,
            versions,
            [.. nodes.Select(n => new LayoutTrackerInfo(
                n, trackers.Ack.GetValueOrDefault(n), trackers.Sync.GetValueOrDefault(n), trackers.SyncAck.GetValueOrDefault(n)))],
            history.Diverged);
    }

    public static LayoutParameters ToParameters(LayoutParametersInfo info) =>
        new(info.ReplicationFactor, info.ZoneRedundancy is { } n ? ZoneRedundancy.AtLeastZones(n) : ZoneRedundancy.Maximum);

    private static LayoutPreview Preview(LayoutHistory history)
    {
        try
        {
            var next = history.ComputeNext();
            var moved = history.Current is { } current ? next.Layout.ReplicasMovedFrom(current.Layout) : 0;
            return new LayoutPreview(next.Number, next.ContentHash.ToHex(), Parameters(next.Parameters), Roles(next.Layout), moved, null);
        }
        catch (InvalidLayoutException e)
        {
            return new LayoutPreview(history.CurrentNumber + 1, null, null, [], 0, e.Message);
        }
    }

    private static LayoutParametersInfo Parameters(LayoutParameters p) =>
        new(p.ReplicationFactor, p.ZoneRedundancy.IsMaximum ? null : p.ZoneRedundancy.AtLeast);

    private static List<LayoutRoleInfo> Roles(ClusterLayout layout) =>
        [.. layout.Roles.Select(r => new LayoutRoleInfo(r.Node, r.Zone, r.CapacityBytes, layout.PartitionCountOf(r.Node)))];
}
