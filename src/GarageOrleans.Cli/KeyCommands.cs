using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Cli;

/// <summary><c>key create|list|info|delete|allow|deny|import</c>.</summary>
internal static class KeyCommands
{
    public static async Task<int> CreateAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly("--no-create-bucket");
        var name = line.Arguments(2, 1, "garage-orleans key create NAME [--no-create-bucket]")[0];
        var key = await client.PostAsync(
            "v2/CreateKey",
            new CreateKeyRequest(name, !line.Has("--no-create-bucket")),
            AdminJson.Default.CreateKeyRequest,
            AdminJson.Default.KeyInfo);
        WriteKey(output, key);
        return CliExit.Ok;
    }

    public static async Task<int> ImportAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly("--name", "--no-create-bucket", "--yes");
        var args = line.Arguments(2, 2, "garage-orleans key import ACCESS_KEY_ID SECRET_KEY [--name NAME] [--no-create-bucket] --yes");
        RequireYes(line, "Importing a key makes an existing secret valid on this cluster");
        var key = await client.PostAsync(
            "v2/ImportKey",
            new ImportKeyRequest(args[0], args[1], line.Options.GetValueOrDefault("--name"), !line.Has("--no-create-bucket")),
            AdminJson.Default.ImportKeyRequest,
            AdminJson.Default.KeyInfo);
        WriteKey(output, key);
        return CliExit.Ok;
    }

    public static async Task<int> ListAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        line.Arguments(2, 0, "garage-orleans key list");
        var keys = await client.GetAsync("v2/ListKeys", AdminJson.Default.IReadOnlyListKeyListItem);
        if (output.IsJson)
        {
            output.Json(keys, AdminJson.Default.IReadOnlyListKeyListItem);
            return CliExit.Ok;
        }

        output.Table(["ID", "CREATED", "NAME"], keys.Select(k => (IReadOnlyList<string>)[k.AccessKeyId, CliOutput.Date(k.CreatedAt), k.Name]));
        return CliExit.Ok;
    }

    public static async Task<int> InfoAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly("--show-secret");
        var search = line.Arguments(2, 1, "garage-orleans key info KEY [--show-secret]")[0];
        var key = await FindAsync(client, search, line.Has("--show-secret"));
        WriteKey(output, key);
        return CliExit.Ok;
    }

    public static async Task<int> DeleteAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly("--yes");
        var search = line.Arguments(2, 1, "garage-orleans key delete KEY --yes")[0];
        RequireYes(line, "Deleting a key revokes it on every bucket");
        var key = await FindAsync(client, search, showSecret: false);
        var result = await client.PostAsync($"v2/DeleteKey?id={Uri.EscapeDataString(key.AccessKeyId)}", AdminJson.Default.DeletedResult);
        if (output.IsJson)
        {
            output.Json(result, AdminJson.Default.DeletedResult);
        }
        else
        {
            output.Line($"Access key {key.AccessKeyId} ({key.Name}) has been deleted.");
        }

        return CliExit.Ok;
    }

    public static Task<int> AllowAsync(CommandLine line, AdminClient client, CliOutput output) => SetCreateBucketAsync(line, client, output, allow: true);

    public static Task<int> DenyAsync(CommandLine line, AdminClient client, CliOutput output) => SetCreateBucketAsync(line, client, output, allow: false);

    /// <summary>The key with this id, or the one whose id starts with, or whose name equals, <paramref name="search"/>.</summary>
    public static Task<KeyInfo> FindAsync(AdminClient client, string search, bool showSecret) =>
        client.GetAsync(
            $"v2/GetKeyInfo?search={Uri.EscapeDataString(search)}{(showSecret ? "&showSecretKey=true" : "")}",
            AdminJson.Default.KeyInfo);

    private static async Task<int> SetCreateBucketAsync(CommandLine line, AdminClient client, CliOutput output, bool allow)
    {
        var verb = allow ? "allow" : "deny";
        line.AllowOnly("--create-bucket");
        var search = line.Arguments(2, 1, $"garage-orleans key {verb} KEY --create-bucket")[0];
        if (!line.Has("--create-bucket"))
        {
            throw CliException.Usage($"Say what to {verb}: --create-bucket.");
        }

        var key = await FindAsync(client, search, showSecret: false);
        var flags = new KeyPermissions(CreateBucket: true);
        var updated = await client.PostAsync(
            $"v2/UpdateKey?id={Uri.EscapeDataString(key.AccessKeyId)}",
            allow ? new UpdateKeyRequest(flags, null) : new UpdateKeyRequest(null, flags),
            AdminJson.Default.UpdateKeyRequest,
            AdminJson.Default.KeyInfo);
        WriteKey(output, updated);
        return CliExit.Ok;
    }

    private static void RequireYes(CommandLine line, string why)
    {
        if (!line.Has("--yes"))
        {
            throw CliException.Usage($"{why}; add --yes to confirm.");
        }
    }

    private static void WriteKey(CliOutput output, KeyInfo key)
    {
        if (output.IsJson)
        {
            output.Json(key, AdminJson.Default.KeyInfo);
            return;
        }

        output.Line($"Key name: {key.Name}");
        output.Line($"Key ID: {key.AccessKeyId}");
        output.Line($"Secret key: {key.SecretAccessKey ?? "(redacted; use --show-secret)"}");
        output.Line($"Created: {CliOutput.Date(key.CreatedAt)}");
        output.Line($"Can create buckets: {(key.AllowCreateBucket ? "true" : "false")}");
        output.Line();
        output.Line("==== BUCKETS FOR THIS KEY ====");
        output.Table(
            ["PERMISSIONS", "ID", "GLOBAL ALIASES"],
            key.Buckets.Select(b => (IReadOnlyList<string>)[
                CliOutput.Permissions(b.Permissions.Read, b.Permissions.Write, b.Permissions.Owner),
                b.Id.Length > 16 ? b.Id[..16] : b.Id,
                b.Name]));
    }
}
