using System.Text.Json;

namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>An access key as <c>garage-orleans key create NAME --json</c> prints it.</summary>
internal sealed record AccessKey(string AccessKeyId, string SecretAccessKey);

/// <summary>
/// The <c>garage-orleans</c> CLI run as a separate process (<c>dotnet garage-orleans.dll</c>) against a node's admin
/// API, with <c>--json</c> (DESIGN §8: stdout holds exactly one JSON document, failures exit non-zero).
/// </summary>
internal sealed class GarageCli(Uri adminUrl, string token)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public async Task<AccessKey> CreateKeyAsync(string name)
    {
        using var document = await RunAsync("key", "create", name);
        return new AccessKey(
            StringProperty(document.RootElement, "accessKeyId"),
            StringProperty(document.RootElement, "secretAccessKey"));
    }

    public async Task CreateBucketAsync(string name)
    {
        using var _ = await RunAsync("bucket", "create", name);
    }

    public async Task AllowAsync(string bucket, string accessKeyId, bool read, bool write, bool owner = false)
    {
        var arguments = new List<string> { "bucket", "allow", bucket, "--key", accessKeyId };
        if (read)
        {
            arguments.Add("--read");
        }

        if (write)
        {
            arguments.Add("--write");
        }

        if (owner)
        {
            arguments.Add("--owner");
        }

        using var _ = await RunAsync([.. arguments]);
    }

    private static string StringProperty(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString()!;
            }
        }

        throw new InvalidOperationException($"the CLI's JSON has no string property {name}: {element}");
    }

    /// <summary>Runs any command with <c>--json</c>; throws with the output when it exits non-zero.</summary>
    public async Task<JsonDocument> RunAsync(params string[] command)
    {
        string[] arguments = [BuildOutput.CliDll, "--admin", adminUrl.ToString().TrimEnd('/'), "--token", token, .. command, "--json"];
        var result = await ChildProcess.RunAsync(BuildOutput.DotnetHost, arguments, CommandTimeout);
        var shown = ChildProcess.Describe("garage-orleans", arguments.Skip(1));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{shown}` exited with {result.ExitCode}:\n{result.Combined}");
        }

        try
        {
            return JsonDocument.Parse(result.StandardOutput);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"`{shown}` did not print one JSON document on stdout ({e.Message}):\n{result.StandardOutput}", e);
        }
    }
}
