using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Cli;

/// <summary>A command: runs against the admin API and returns the exit code.</summary>
internal delegate Task<int> CommandHandler(CommandLine line, AdminClient client, CliOutput output);

/// <summary>Dispatch from the command words to a handler, in Garage's command shape.</summary>
internal static class Commands
{
    /// <summary>The handler for the words of <paramref name="line"/>; a usage error when there is none.</summary>
    public static CommandHandler Find(CommandLine line)
    {
        var group = line.Words[0];
        var sub = line.Words.Count > 1 ? line.Words[1] : null;
        return (group, sub) switch
        {
            ("status", _) => StatusAsync,
            ("key", "create") => KeyCommands.CreateAsync,
            ("key", "list") => KeyCommands.ListAsync,
            ("key", "info") => KeyCommands.InfoAsync,
            ("key", "delete") => KeyCommands.DeleteAsync,
            ("key", "allow") => KeyCommands.AllowAsync,
            ("key", "deny") => KeyCommands.DenyAsync,
            ("key", "import") => KeyCommands.ImportAsync,
            ("bucket", "create") => BucketCommands.CreateAsync,
            ("bucket", "list") => BucketCommands.ListAsync,
            ("bucket", "info") => BucketCommands.InfoAsync,
            ("bucket", "delete") => BucketCommands.DeleteAsync,
            ("bucket", "allow") => BucketCommands.AllowAsync,
            ("bucket", "deny") => BucketCommands.DenyAsync,
            ("bucket", "alias" or "unalias") => NotImplementedAsync,
            ("layout", "show") => LayoutCommands.ShowAsync,
            ("layout", "assign") => LayoutCommands.AssignAsync,
            ("layout", "remove") => LayoutCommands.RemoveAsync,
            ("layout", "config") => LayoutCommands.ConfigAsync,
            ("layout", "apply") => LayoutCommands.ApplyAsync,
            ("layout", "revert") => LayoutCommands.RevertAsync,
            ("layout", "history") => LayoutCommands.HistoryAsync,
            ("key" or "bucket" or "layout", null) => throw CliException.Usage($"'{group}' needs a subcommand. Run 'garage-orleans {group} --help'."),
            ("key" or "bucket" or "layout", _) => throw CliException.Usage($"Unknown command '{group} {sub}'. Run 'garage-orleans {group} --help'."),
            _ => throw CliException.Usage($"Unknown command '{group}'."),
        };
    }

    private static Task<int> NotImplementedAsync(CommandLine line, AdminClient client, CliOutput output) =>
        throw new CliException(CliExit.Failed, $"'{string.Join(' ', line.Words.Take(2))}' is not implemented yet in this version.");

    private static async Task<int> StatusAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        line.Arguments(1, 0, "garage-orleans status");
        var status = await client.GetAsync("v2/GetClusterStatus", AdminJson.Default.ClusterStatus);
        if (output.IsJson)
        {
            output.Json(status, AdminJson.Default.ClusterStatus);
            return CliExit.Ok;
        }

        string[] headers = ["ID", "HOSTNAME", "ADDRESS", "ZONE", "CAPACITY", "DATA AVAIL"];
        output.Line("==== HEALTHY NODES ====");
        output.Table(headers, status.Nodes.Where(n => n.IsUp).Select(NodeRow));
        var failed = status.Nodes.Where(n => !n.IsUp).ToList();
        if (failed.Count > 0)
        {
            output.Line();
            output.Line("==== FAILED NODES ====");
            output.Table(headers, failed.Select(NodeRow));
        }

        output.Line();
        output.Line($"Layout version: {status.LayoutVersion}    Replication factor: {status.ReplicationFactor}");
        return CliExit.Ok;
    }

    private static string[] NodeRow(NodeStatus node) =>
    [
        node.Id.Length > 16 ? node.Id[..16] : node.Id,
        node.Hostname,
        node.Address,
        node.Zone.Length == 0 ? "-" : node.Zone,
        // A node with no zone has no role yet (it joined but is not in the layout): not a gateway.
        node.Zone.Length == 0 ? "no role" : node.Capacity is null ? "gateway" : CliOutput.Bytes(node.Capacity),
        node.DataPartition is { } disk && disk.Total > 0
            ? $"{CliOutput.Bytes(disk.Available)} ({100.0 * disk.Available / disk.Total:0.0}%)"
            : "-",
    ];
}
