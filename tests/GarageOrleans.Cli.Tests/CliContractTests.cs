using System.Text.Json;
using GarageOrleans.Admin;
using GarageOrleans.Admin.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Cli.Tests;

/// <summary>
/// The CLI against the real admin HTTP layer (<c>MapAdminApi</c>) over an in-memory backend: proves both sides agree
/// on paths, query parameters, bodies and documents, which the canned-response tests cannot.
/// </summary>
public sealed class CliContractTests : IAsyncLifetime
{
    private const string Token = "contract-test-token";

    private readonly FakeAdminBackend _backend = new();
    private WebApplication? _app;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IAdminBackend>(_backend);
        builder.Services.Configure<AdminApiOptions>(o => o.Token = Token);
        _app = builder.Build();
        _app.MapAdminApi(dashboard: false);
        await _app.StartAsync();
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task KeyAndBucketLifecycle_ThroughTheRealApi()
    {
        var created = await JsonAsync("key", "create", "app", "--json");
        var keyId = created.GetProperty("accessKeyId").GetString()!;
        Assert.False(string.IsNullOrEmpty(created.GetProperty("secretAccessKey").GetString()));

        var bucket = await JsonAsync("--json", "bucket", "create", "photos");
        await JsonAsync("bucket", "allow", "photos", "--key", "app", "--read", "--write", "--owner", "--json");
        await JsonAsync("bucket", "deny", bucket.GetProperty("id").GetString()!, "--key", keyId[..8], "--owner", "--json");
        var info = await JsonAsync("bucket", "info", "photos", "--json");
        var key = await JsonAsync("key", "info", keyId, "--json");

        var entry = Assert.Single(info.GetProperty("keys").EnumerateArray());
        Assert.Equal(keyId, entry.GetProperty("accessKeyId").GetString());
        Assert.Equal(
            (true, true, false),
            (entry.GetProperty("permissions").GetProperty("read").GetBoolean(),
             entry.GetProperty("permissions").GetProperty("write").GetBoolean(),
             entry.GetProperty("permissions").GetProperty("owner").GetBoolean()));
        Assert.Equal("photos", Assert.Single(key.GetProperty("buckets").EnumerateArray()).GetProperty("name").GetString());
        Assert.False(key.TryGetProperty("secretAccessKey", out _));

        await JsonAsync("key", "deny", "app", "--create-bucket", "--json");
        Assert.False((await JsonAsync("key", "info", "app", "--json")).GetProperty("allowCreateBucket").GetBoolean());

        Assert.Equal(0, (await RunAsync("bucket", "delete", "photos", "--yes")).ExitCode);
        Assert.Equal(0, (await RunAsync("key", "delete", "app", "--yes")).ExitCode);
        Assert.Equal("[]", (await RunAsync("key", "list", "--json")).Out.Trim());
    }

    [Fact]
    public async Task ServerErrors_ReachTheUserWithTheirCode()
    {
        var missing = await RunAsync("bucket", "info", "nope");
        var badName = await RunAsync("bucket", "create", "Bad_Name");
        var wrongToken = await CliRun.RunAsync(["--admin", _url, "--token", "wrong", "key", "list"]);

        Assert.Equal((1, true), (missing.ExitCode, missing.Error.Contains("NoSuchBucket", StringComparison.Ordinal)));
        Assert.Equal((1, true), (badName.ExitCode, badName.Error.Contains("InvalidBucketName", StringComparison.Ordinal)));
        Assert.Equal((1, true), (wrongToken.ExitCode, wrongToken.Error.Contains("Forbidden", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Status_HumanOutput_ListsTheNode()
    {
        var run = await RunAsync("status");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("node0", run.Out);
        Assert.Contains("dc1", run.Out);
    }

    [Fact]
    public async Task LayoutAssignConfigShowApply_ThroughTheRealApi()
    {
        var node = _backend.Status.Nodes[0].Id;

        await JsonAsync("layout", "assign", node[..6], "-z", "z1", "-c", "10G", "--json");
        await JsonAsync("layout", "config", "-r", "1", "--json");
        var staged = await JsonAsync("layout", "show", "--json");
        var applied = await JsonAsync("layout", "apply", "--version", "1", "--json");
        var stale = await RunAsync("layout", "apply", "--version", "1");

        var change = Assert.Single(staged.GetProperty("stagedRoleChanges").EnumerateArray());
        Assert.Equal(node, change.GetProperty("id").GetString());
        Assert.Equal(10L << 30, change.GetProperty("capacity").GetInt64());
        Assert.Equal(1, staged.GetProperty("stagedParameters").GetProperty("replicationFactor").GetInt32());
        Assert.Equal(1UL, applied.GetProperty("version").GetUInt64());
        Assert.Equal(node, Assert.Single(applied.GetProperty("roles").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal((1, true), (stale.ExitCode, stale.Error.Contains("InvalidLayout", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LayoutAssign_OfAnUnknownNode_ExitsOneWithNoSuchNode()
    {
        var run = await RunAsync("layout", "assign", "ffff", "-z", "z1", "-g");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NoSuchNode", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync([.. args, "--admin", _url, "--token", Token]);

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == 0, $"'{string.Join(' ', args)}' exited {run.ExitCode}: {run.Error}");
        using var doc = JsonDocument.Parse(run.Out);
        return doc.RootElement.Clone();
    }
}
