using System.Globalization;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Cli;

/// <summary>
/// <c>layout show|assign|remove|config|apply|revert|history</c>, in Garage's shape: assign, remove and config stage
/// changes; show prints them and what applying them would give; apply makes them the next version. NODE is a node
/// id or a unique prefix of one (the server resolves it against every node it knows).
/// </summary>
internal static class LayoutCommands
{
    private const int ShortId = 16;

    public static async Task<int> ShowAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        line.Arguments(2, 0, "garage-orleans layout show");
        var layout = await client.GetAsync("v2/GetClusterLayout", AdminJson.Default.ClusterLayoutInfo);
        if (output.IsJson)
        {
            output.Json(layout, AdminJson.Default.ClusterLayoutInfo);
            return CliExit.Ok;
        }

        output.Line("==== CURRENT CLUSTER LAYOUT ====");
        if (layout.Version == 0)
        {
            output.Line("No layout applied yet.");
        }
        else
        {
            RolesTable(output, layout.Roles);
            output.Line();
            output.Line($"Current cluster layout version: {layout.Version}");
            output.Line($"Content hash: {layout.ContentHash}");
            output.Line(Describe(layout.Parameters));
        }

        if (layout.Diverged)
        {
            output.Line();
            output.Line("WARNING: two different layouts were applied under one version number (diverged); check 'layout history'.");
        }

        if (layout.StagedRoleChanges.Count == 0 && layout.StagedParameters is null)
        {
            output.Line();
            output.Line("No changes are staged.");
            return CliExit.Ok;
        }

        output.Line();
        output.Line("==== STAGED ROLE CHANGES ====");
        if (layout.StagedRoleChanges.Count > 0)
        {
            output.Table(
                ["ID", "ZONE", "CAPACITY"],
                layout.StagedRoleChanges.Select(c => (IReadOnlyList<string>)(c.IsRemove
                    ? [Short(c.Id), "REMOVED", ""]
                    : [Short(c.Id), c.Zone ?? "", c.Capacity is null ? "gateway" : CliOutput.Bytes(c.Capacity)])));
        }

        if (layout.StagedParameters is { } staged)
        {
            output.Line($"Staged parameters: {Describe(staged)}");
        }

        output.Line();
        if (layout.Preview is not { } preview)
        {
            return CliExit.Ok;
        }

        if (preview.Error is { } error)
        {
            output.Line("==== THE STAGED CHANGES CANNOT BE APPLIED ====");
            output.Line(error);
            output.Line("Change them ('layout assign/remove/config') or drop them ('layout revert').");
            return CliExit.Ok;
        }

        output.Line("==== NEW CLUSTER LAYOUT AFTER APPLYING CHANGES ====");
        RolesTable(output, preview.Roles);
        output.Line();
        output.Line(Describe(preview.Parameters));
        output.Line($"Partition copies that move to another node: {preview.PartitionCopiesMoved}");
        output.Line();
        output.Line("To enact the staged role changes, type:");
        output.Line();
        output.Line($"    garage-orleans layout apply --version {preview.Version}");
        output.Line();
        output.Line("You can also revert all proposed changes with: garage-orleans layout revert");
        return CliExit.Ok;
    }

    /// <summary><c>layout assign NODE... -z ZONE (-c CAPACITY | -g)</c>: several nodes may get the same role at once.</summary>
    public static async Task<int> AssignAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        const string Usage = "garage-orleans layout assign NODE... -z ZONE (-c CAPACITY | -g)";
        line.AllowOnly("-z", "--zone", "-c", "--capacity", "-g", "--gateway");
        var nodes = line.Words.Skip(2).ToList();
        if (nodes.Count == 0)
        {
            throw CliException.Usage($"Missing argument. Usage: {Usage}");
        }

        var zone = line.Value("-z", "--zone");
        if (string.IsNullOrWhiteSpace(zone))
        {
            throw CliException.Usage($"A zone is required (-z ZONE). Usage: {Usage}");
        }

        var capacityText = line.Value("-c", "--capacity");
        var gateway = line.Has("-g") || line.Has("--gateway");
        long? capacity = (capacityText, gateway) switch
        {
            (null, false) => throw CliException.Usage($"Give a capacity (-c, e.g. -c 1T) or -g for a gateway. Usage: {Usage}"),
            (not null, true) => throw CliException.Usage("A gateway stores nothing: give -c or -g, not both."),
            (null, true) => null,
            ({ } text, false) => Capacity.Parse(text),
        };
        var request = new UpdateClusterLayoutRequest([.. nodes.Select(n => new NodeRoleChange(n, Zone: zone, Capacity: capacity))], null);
        return Staged(output, await UpdateAsync(client, request), nodes.Count == 1 ? "Role change is staged" : "Role changes are staged");
    }

    public static async Task<int> RemoveAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        var node = line.Arguments(2, 1, "garage-orleans layout remove NODE")[0];
        var request = new UpdateClusterLayoutRequest([new NodeRoleChange(node, Remove: true)], null);
        return Staged(output, await UpdateAsync(client, request), "Role removal is staged");
    }

    /// <summary><c>layout config [-r RF] [-z maximum|N]</c>: at least one; the other keeps its staged or current value.</summary>
    public static async Task<int> ConfigAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        const string Usage = "garage-orleans layout config [-r REPLICATION_FACTOR] [-z maximum|N]";
        line.AllowOnly("-r", "--replication-factor", "-z", "--zone-redundancy");
        line.Arguments(2, 0, Usage);
        var rfText = line.Value("-r", "--replication-factor");
        var zonesText = line.Value("-z", "--zone-redundancy");
        if (rfText is null && zonesText is null)
        {
            throw CliException.Usage($"Nothing to configure. Usage: {Usage}");
        }

        int? rf = null;
        if (rfText is not null)
        {
            rf = int.TryParse(rfText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                ? n
                : throw CliException.Usage($"The replication factor must be a positive integer, not '{rfText}'.");
        }

        ZoneRedundancy? zones = null;
        if (zonesText is not null)
        {
            zones = ZoneRedundancy.TryParse(zonesText, out var z)
                ? z
                : throw CliException.Usage($"The zone redundancy must be 'maximum' or a positive integer, not '{zonesText}'.");
        }

        var request = new UpdateClusterLayoutRequest(null, new LayoutParametersUpdate(rf, zones));
        return Staged(output, await UpdateAsync(client, request), "Parameter change is staged");
    }

    public static async Task<int> ApplyAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        const string Usage = "garage-orleans layout apply --version N";
        line.AllowOnly("--version");
        line.Arguments(2, 0, Usage);
        var text = line.Options.GetValueOrDefault("--version")
            ?? throw CliException.Usage($"--version is required: the current layout version + 1, as 'layout show' prints it. Usage: {Usage}");
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version == 0)
        {
            throw CliException.Usage($"--version must be a positive integer, not '{text}'.");
        }

        var layout = await client.PostAsync(
            "v2/ApplyClusterLayout",
            new ApplyClusterLayoutRequest(version),
            AdminJson.Default.ApplyClusterLayoutRequest,
            AdminJson.Default.ClusterLayoutInfo);
        if (output.IsJson)
        {
            output.Json(layout, AdminJson.Default.ClusterLayoutInfo);
            return CliExit.Ok;
        }

        output.Line("==== NEW CLUSTER LAYOUT ====");
        RolesTable(output, layout.Roles);
        output.Line();
        output.Line($"New cluster layout with updated role assignment has been applied in cluster. Version: {layout.Version}");
        output.Line($"Content hash: {layout.ContentHash}");
        output.Line("Writes go to the new assignment at once. Reads stay on the previous version, which stays active,");
        output.Line("until every node holds its new partitions' data (`layout history` shows the trackers).");
        return CliExit.Ok;
    }

    /// <summary>Drops every staged change. <c>--yes</c> is accepted (Garage asks for it) but not needed: nothing applied is lost.</summary>
    public static async Task<int> RevertAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly("--yes");
        line.Arguments(2, 0, "garage-orleans layout revert");
        var layout = await client.PostAsync("v2/RevertClusterLayout", AdminJson.Default.ClusterLayoutInfo);
        if (output.IsJson)
        {
            output.Json(layout, AdminJson.Default.ClusterLayoutInfo);
        }
        else
        {
            output.Line($"All proposed role changes in cluster layout have been canceled. Current version: {layout.Version}");
        }

        return CliExit.Ok;
    }

    public static async Task<int> HistoryAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        line.Arguments(2, 0, "garage-orleans layout history");
        var history = await client.GetAsync("v2/GetClusterLayoutHistory", AdminJson.Default.ClusterLayoutHistory);
        if (output.IsJson)
        {
            output.Json(history, AdminJson.Default.ClusterLayoutHistory);
            return CliExit.Ok;
        }

        output.Line("==== LAYOUT HISTORY ====");
        output.Table(
            ["VERSION", "STATUS", "RF", "STORAGE NODES", "GATEWAYS", "HASH"],
            history.Versions.Select(v => (IReadOnlyList<string>)[
                Num(v.Version), v.Status, Num((ulong)v.ReplicationFactor), Num((ulong)v.StorageNodes), Num((ulong)v.GatewayNodes), Short(v.ContentHash)]));
        output.Line();
        output.Line($"Current version: {history.CurrentVersion}    Reads use version: {history.ReadVersion}    Oldest version written to: {history.OldestActiveVersion}");
        if (history.Diverged)
        {
            output.Line("WARNING: two different layouts were applied under one version number (diverged).");
        }

        if (history.UpdateTrackers.Count > 0)
        {
            output.Line();
            output.Line("==== UPDATE TRACKERS ====");
            output.Table(
                ["NODE", "ACK", "SYNC", "SYNC-ACK"],
                history.UpdateTrackers.OrderBy(t => t.Key, StringComparer.Ordinal)
                    .Select(t => (IReadOnlyList<string>)[Short(t.Key), Num(t.Value.Ack), Num(t.Value.Sync), Num(t.Value.SyncAck)]));
        }

        return CliExit.Ok;
    }

    private static Task<ClusterLayoutInfo> UpdateAsync(AdminClient client, UpdateClusterLayoutRequest request) =>
        client.PostAsync("v2/UpdateClusterLayout", request, AdminJson.Default.UpdateClusterLayoutRequest, AdminJson.Default.ClusterLayoutInfo);

    private static int Staged(CliOutput output, ClusterLayoutInfo layout, string what)
    {
        if (output.IsJson)
        {
            output.Json(layout, AdminJson.Default.ClusterLayoutInfo);
            return CliExit.Ok;
        }

        output.Line($"{what} but not yet committed.");
        output.Line("Use 'garage-orleans layout show' to view staged changes and what they give,");
        output.Line($"and 'garage-orleans layout apply --version {layout.Version + 1}' to enact them.");
        return CliExit.Ok;
    }

    private static void RolesTable(CliOutput output, IReadOnlyList<LayoutNodeRole> roles) =>
        output.Table(
            ["ID", "ZONE", "CAPACITY", "PARTITIONS"],
            roles.Select(r => (IReadOnlyList<string>)[
                Short(r.Id),
                r.Zone,
                r.Capacity is null ? "gateway" : CliOutput.Bytes(r.Capacity),
                r.Capacity is null ? "-" : Num((ulong)r.StoredPartitions)]));

    private static string Describe(LayoutParameters? p) =>
        p is null ? "Parameters: none yet" : $"Replication factor: {p.ReplicationFactor}    Zone redundancy: {p.ZoneRedundancy}";

    private static string Short(string id) => id.Length > ShortId ? id[..ShortId] : id;

    private static string Num(ulong n) => n.ToString(CultureInfo.InvariantCulture);
}
