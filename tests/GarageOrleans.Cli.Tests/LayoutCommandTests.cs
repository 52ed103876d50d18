using System.Text.Json;

namespace GarageOrleans.Cli.Tests;

public sealed class LayoutCommandTests(FakeAdminServerFixture fixture) : IClassFixture<FakeAdminServerFixture>
{
    private static readonly string NodeA = "aa11" + new string('0', 60);
    private static readonly string NodeB = "bb22" + new string('1', 60);

    private static readonly string StagedLayoutJson = $$"""
        {"version":1,"contentHash":"{{new string('c', 64)}}",
         "parameters":{"replicationFactor":1,"zoneRedundancy":"maximum"},
         "roles":[{"id":"{{NodeA}}","zone":"z1","capacity":1073741824,"storedPartitions":256}],
         "stagedRoleChanges":[{"id":"{{NodeB}}","zone":"z2","capacity":2199023255552},{"id":"{{NodeA}}","remove":true}],
         "stagedParameters":{"replicationFactor":3,"zoneRedundancy":2},
         "preview":{"version":2,"contentHash":"{{new string('d', 64)}}","parameters":{"replicationFactor":3,"zoneRedundancy":2},
                    "roles":[{"id":"{{NodeB}}","zone":"z2","capacity":2199023255552,"storedPartitions":256}],"partitionCopiesMoved":256},
         "diverged":false}
        """;

    private readonly FakeAdminServer _server = fixture.Server.Reset();

    [Fact]
    public async Task Assign_SendsZoneAndCapacityInBytes_ForEachNode()
    {
        _server.On("POST /v2/UpdateClusterLayout", StagedLayoutJson);

        var run = await RunAsync("layout", "assign", "aa11", "bb", "-z", "z1", "-c", "1.5T");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("layout apply --version 2", run.Out, StringComparison.Ordinal);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v2/UpdateClusterLayout", request.PathAndQuery);
        using var body = JsonDocument.Parse(request.Body);
        var roles = body.RootElement.GetProperty("roles");
        Assert.Equal(2, roles.GetArrayLength());
        Assert.Equal("aa11", roles[0].GetProperty("id").GetString());
        Assert.Equal("z1", roles[0].GetProperty("zone").GetString());
        Assert.Equal(3L << 39, roles[0].GetProperty("capacity").GetInt64());
        Assert.False(roles[0].TryGetProperty("remove", out _));
        Assert.False(body.RootElement.TryGetProperty("parameters", out _));
    }

    [Fact]
    public async Task Assign_Gateway_SendsNoCapacity_AndLongOptionsWork()
    {
        _server.On("POST /v2/UpdateClusterLayout", StagedLayoutJson);

        var run = await RunAsync("layout", "assign", "aa11", "--zone=z9", "--gateway", "--json");

        Assert.Equal(0, run.ExitCode);
        using var output = JsonDocument.Parse(run.Out);
        Assert.Equal(1UL, output.RootElement.GetProperty("version").GetUInt64());
        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        var role = body.RootElement.GetProperty("roles")[0];
        Assert.Equal("z9", role.GetProperty("zone").GetString());
        Assert.False(role.TryGetProperty("capacity", out _));
    }

    [Theory]
    [InlineData("layout", "assign", "-z", "z1", "-c", "1G")]
    [InlineData("layout", "assign", "aa", "-c", "1G")]
    [InlineData("layout", "assign", "aa", "-z", "z1")]
    [InlineData("layout", "assign", "aa", "-z", "z1", "-c", "1G", "-g")]
    [InlineData("layout", "assign", "aa", "-z", "z1", "-c", "lots")]
    [InlineData("layout", "assign", "aa", "-z", "z1", "-c", "0")]
    [InlineData("layout", "assign", "aa", "-z", "z1", "--zone", "z2", "-c", "1G")]
    [InlineData("layout", "assign", "aa", "-z", "z1", "-c", "1G", "-x")]
    [InlineData("layout", "remove")]
    [InlineData("layout", "remove", "aa", "bb")]
    [InlineData("layout", "config")]
    [InlineData("layout", "config", "-r", "zero")]
    [InlineData("layout", "config", "-r", "3", "-z", "most")]
    [InlineData("layout", "apply")]
    [InlineData("layout", "apply", "--version", "0")]
    [InlineData("layout", "apply", "--version", "two")]
    [InlineData("layout", "show", "extra")]
    [InlineData("layout", "history", "--yes")]
    [InlineData("layout", "frobnicate")]
    public async Task BadCommandLines_ExitWithUsageError_AndCallNothing(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Remove_StagesARemoval()
    {
        _server.On("POST /v2/UpdateClusterLayout", StagedLayoutJson);

        var run = await RunAsync("layout", "remove", "aa11");

        Assert.Equal(0, run.ExitCode);
        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        var role = Assert.Single(body.RootElement.GetProperty("roles").EnumerateArray());
        Assert.True(role.GetProperty("remove").GetBoolean());
        Assert.False(role.TryGetProperty("zone", out _));
    }

    [Theory]
    [InlineData(new[] { "-r", "3" }, 3, null)]
    [InlineData(new[] { "-r", "3", "-z", "maximum" }, 3, "maximum")]
    [InlineData(new[] { "--zone-redundancy", "2" }, null, "2")]
    public async Task Config_SendsOnlyTheGivenParameters(string[] options, int? rf, string? zones)
    {
        _server.On("POST /v2/UpdateClusterLayout", StagedLayoutJson);

        var run = await RunAsync(["layout", "config", .. options]);

        Assert.Equal(0, run.ExitCode);
        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        var parameters = body.RootElement.GetProperty("parameters");
        Assert.Equal(rf, parameters.TryGetProperty("replicationFactor", out var r) ? r.GetInt32() : null);
        Assert.Equal(zones, parameters.TryGetProperty("zoneRedundancy", out var z) ? z.ToString() : null);
        Assert.False(body.RootElement.TryGetProperty("roles", out _));
    }

    [Fact]
    public async Task Apply_SendsTheVersion_AndAServerRefusalExits1WithItsReason()
    {
        _server.On("POST /v2/ApplyClusterLayout", """{"code":"InvalidLayout","message":"Version 5 is not the current version + 1 (2)."}""", 400);

        var run = await RunAsync("layout", "apply", "--version", "5", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("current version + 1", run.Error, StringComparison.Ordinal);
        Assert.Contains("InvalidLayout", run.Error, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.Equal(5UL, body.RootElement.GetProperty("version").GetUInt64());
    }

    [Fact]
    public async Task Show_Human_PrintsCurrentRolesStagedChangesAndThePreview()
    {
        _server.On("GET /v2/GetClusterLayout", StagedLayoutJson);

        var run = await RunAsync("layout", "show");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Current cluster layout version: 1", run.Out, StringComparison.Ordinal);
        Assert.Contains(NodeA[..16], run.Out, StringComparison.Ordinal);
        Assert.Contains("1.0 GiB", run.Out, StringComparison.Ordinal);
        Assert.Contains("REMOVED", run.Out, StringComparison.Ordinal);
        Assert.Contains("Staged parameters: Replication factor: 3    Zone redundancy: 2", run.Out, StringComparison.Ordinal);
        Assert.Contains("Partition copies that move to another node: 256", run.Out, StringComparison.Ordinal);
        Assert.Contains("garage-orleans layout apply --version 2", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WithAPreviewError_PrintsTheError()
    {
        _server.On("GET /v2/GetClusterLayout", """
            {"version":0,"roles":[],"stagedRoleChanges":[{"id":"ab","zone":"z1","capacity":1}],
             "preview":{"version":1,"roles":[],"partitionCopiesMoved":0,"error":"The first layout needs a replication factor."},"diverged":false}
            """);

        var run = await RunAsync("layout", "show");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No layout applied yet.", run.Out, StringComparison.Ordinal);
        Assert.Contains("CANNOT BE APPLIED", run.Out, StringComparison.Ordinal);
        Assert.Contains("The first layout needs a replication factor.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Json_IsTheServersDocument()
    {
        _server.On("GET /v2/GetClusterLayout", StagedLayoutJson);

        var run = await RunAsync("--json", "layout", "show");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(256, doc.RootElement.GetProperty("preview").GetProperty("partitionCopiesMoved").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("stagedParameters").GetProperty("zoneRedundancy").GetInt32());
    }

    [Fact]
    public async Task RevertAndHistory_CallTheirEndpoints()
    {
        _server.On("POST /v2/RevertClusterLayout", """{"version":1,"roles":[],"stagedRoleChanges":[],"diverged":false}""");
        _server.On("GET /v2/GetClusterLayoutHistory", $$$"""
            {"currentVersion":2,"readVersion":1,"oldestActiveVersion":1,
             "versions":[{"version":1,"contentHash":"{{{new string('1', 64)}}}","status":"active","replicationFactor":1,"storageNodes":1,"gatewayNodes":0},
                         {"version":2,"contentHash":"{{{new string('2', 64)}}}","status":"current","replicationFactor":3,"storageNodes":3,"gatewayNodes":0}],
             "updateTrackers":{"{{{NodeA}}}":{"ack":2,"sync":1,"syncAck":1}},"diverged":false}
            """);

        var revert = await RunAsync("layout", "revert");
        var history = await RunAsync("layout", "history");

        Assert.Equal((0, 0), (revert.ExitCode, history.ExitCode));
        Assert.Contains("canceled", revert.Out, StringComparison.Ordinal);
        Assert.Contains("Reads use version: 1", history.Out, StringComparison.Ordinal);
        Assert.Contains("current", history.Out, StringComparison.Ordinal);
        Assert.Contains(NodeA[..16], history.Out, StringComparison.Ordinal);
        Assert.Equal(["POST /v2/RevertClusterLayout", "GET /v2/GetClusterLayoutHistory"], _server.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
    }

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--admin", _server.Url, "--token", "t0ken"]);
}
