using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Cli;

/// <summary><c>bucket create|list|info|delete|allow|deny</c>. A bucket is named by its name or its 64-hex id.</summary>
internal static class BucketCommands
{
    public static async Task<int> CreateAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        var name = line.Arguments(2, 1, "garage-orleans bucket create NAME")[0];
        var bucket = await client.PostAsync("v2/CreateBucket", new CreateBucketRequest(name), AdminJson.Default.CreateBucketRequest, AdminJson.Default.BucketInfo);
        if (output.IsJson)
        {
            output.Json(bucket, AdminJson.Default.BucketInfo);
        }
        else
        {
            output.Line($"Bucket {bucket.Name} was created.");
        }

        return CliExit.Ok;
    }

    public static async Task<int> ListAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        line.Arguments(2, 0, "garage-orleans bucket list");
        var buckets = await client.GetAsync("v2/ListBuckets", AdminJson.Default.IReadOnlyListBucketListItem);
        if (output.IsJson)
        {
            output.Json(buckets, AdminJson.Default.IReadOnlyListBucketListItem);
            return CliExit.Ok;
        }

        output.Table(
            ["ID", "CREATED", "GLOBAL ALIASES"],
            buckets.Select(b => (IReadOnlyList<string>)[b.Id.Length > 16 ? b.Id[..16] : b.Id, CliOutput.Date(b.CreatedAt), string.Join(", ", b.GlobalAliases)]));
        return CliExit.Ok;
    }

    public static async Task<int> InfoAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly();
        var name = line.Arguments(2, 1, "garage-orleans bucket info NAME")[0];
        WriteBucket(output, await client.GetAsync($"v2/GetBucketInfo?{Address(name)}", AdminJson.Default.BucketInfo));
        return CliExit.Ok;
    }

    public static async Task<int> DeleteAsync(CommandLine line, AdminClient client, CliOutput output)
    {
        line.AllowOnly("--yes");
        var name = line.Arguments(2, 1, "garage-orleans bucket delete NAME --yes")[0];
        if (!line.Has("--yes"))
        {
            throw CliException.Usage("Deleting a bucket cannot be undone; add --yes to confirm.");
        }

        var result = await client.PostAsync($"v2/DeleteBucket?{Address(name)}", AdminJson.Default.DeletedResult);
        if (output.IsJson)
        {
            output.Json(result, AdminJson.Default.DeletedResult);
        }
        else
        {
            output.Line($"Bucket {name} has been deleted.");
        }

        return CliExit.Ok;
    }

    public static Task<int> AllowAsync(CommandLine line, AdminClient client, CliOutput output) => SetPermissionAsync(line, client, output, allow: true);

    public static Task<int> DenyAsync(CommandLine line, AdminClient client, CliOutput output) => SetPermissionAsync(line, client, output, allow: false);

    private static async Task<int> SetPermissionAsync(CommandLine line, AdminClient client, CliOutput output, bool allow)
    {
        var verb = allow ? "allow" : "deny";
        line.AllowOnly("--key", "--read", "--write", "--owner");
        var name = line.Arguments(2, 1, $"garage-orleans bucket {verb} NAME --key KEY [--read] [--write] [--owner]")[0];
        var search = line.Options.GetValueOrDefault("--key") ?? throw CliException.Usage($"Say which key: --key KEY (an id, an id prefix or a name).");
        var flags = new BucketPermissions(line.Has("--read"), line.Has("--write"), line.Has("--owner"));
        if (!flags.Any)
        {
            throw CliException.Usage($"Say what to {verb}: one or more of --read, --write, --owner.");
        }

        var key = await KeyCommands.FindAsync(client, search, showSecret: false);
        var request = IsBucketId(name)
            ? new BucketKeyPermissionRequest(name, key.AccessKeyId, flags)
            : new BucketKeyPermissionRequest(null, key.AccessKeyId, flags, GlobalAlias: name);
        var bucket = await client.PostAsync(
            allow ? "v2/AllowBucketKey" : "v2/DenyBucketKey",
            request,
            AdminJson.Default.BucketKeyPermissionRequest,
            AdminJson.Default.BucketInfo);
        if (output.IsJson)
        {
            output.Json(bucket, AdminJson.Default.BucketInfo);
            return CliExit.Ok;
        }

        var now = bucket.Keys.FirstOrDefault(k => k.AccessKeyId == key.AccessKeyId)?.Permissions ?? new BucketPermissions(false, false, false);
        output.Line($"New permissions for {key.AccessKeyId} ({key.Name}) on {bucket.Name}: {CliOutput.Permissions(now.Read, now.Write, now.Owner)}");
        return CliExit.Ok;
    }

    private static void WriteBucket(CliOutput output, BucketInfo bucket)
    {
        if (output.IsJson)
        {
            output.Json(bucket, AdminJson.Default.BucketInfo);
            return;
        }

        output.Line($"Bucket: {bucket.Id}");
        output.Line($"Created: {CliOutput.Date(bucket.CreatedAt)}");
        output.Line($"Global aliases: {string.Join(", ", bucket.GlobalAliases)}");
        if (bucket.Objects is long objects)
        {
            output.Line($"Objects: {objects}");
        }

        if (bucket.Bytes is long bytes)
        {
            output.Line($"Size: {CliOutput.Bytes(bytes)}");
        }

        output.Line();
        output.Line("==== KEYS FOR THIS BUCKET ====");
        output.Table(
            ["PERMISSIONS", "ACCESS KEY", "NAME"],
            bucket.Keys.Select(k => (IReadOnlyList<string>)[
                CliOutput.Permissions(k.Permissions.Read, k.Permissions.Write, k.Permissions.Owner),
                k.AccessKeyId,
                k.Name ?? "(deleted)"]));
    }

    /// <summary>The query naming a bucket: 64 hex digits can only be an id (names have at most 63 characters).</summary>
    private static string Address(string nameOrId) =>
        IsBucketId(nameOrId) ? $"id={nameOrId}" : $"globalAlias={Uri.EscapeDataString(nameOrId)}";

    private static bool IsBucketId(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
