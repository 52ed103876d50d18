using System.Text.Json;

namespace GarageOrleans.Cli.Tests;

public sealed class CliCommandTests(FakeAdminServerFixture fixture) : IClassFixture<FakeAdminServerFixture>
{
    private const string KeyId = "GK0123456789abcdef01234567";
    private const string Secret = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static readonly string BucketId = new('b', 64);

    private static readonly string KeyJson = $$$"""
        {"accessKeyId":"{{{KeyId}}}","name":"app","createdAt":"2024-01-02T03:04:05+00:00","allowCreateBucket":true,
         "buckets":[{"id":"{{{BucketId}}}","name":"photos","permissions":{"read":true,"write":false,"owner":true}}]}
        """;

    private static readonly string KeyWithSecretJson = KeyJson.Replace("\"name\":\"app\"", $"\"name\":\"app\",\"secretAccessKey\":\"{Secret}\"", StringComparison.Ordinal);

    private static readonly string BucketJson = $$$"""
        {"id":"{{{BucketId}}}","name":"photos","globalAliases":["photos"],"createdAt":"2024-01-02T03:04:05+00:00",
         "keys":[{"accessKeyId":"{{{KeyId}}}","name":"app","permissions":{"read":true,"write":true,"owner":false}}]}
        """;

    private readonly FakeAdminServer _server = fixture.Server.Reset();

    [Fact]
    public async Task KeyCreate_Json_PrintsOneDocumentWithIdAndSecret()
    {
        _server.On("POST /v2/CreateKey", KeyWithSecretJson);

        var run = await RunAsync("key", "create", "app", "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(KeyId, doc.RootElement.GetProperty("accessKeyId").GetString());
        Assert.Equal(Secret, doc.RootElement.GetProperty("secretAccessKey").GetString());
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("app", body.RootElement.GetProperty("name").GetString());
        Assert.True(body.RootElement.GetProperty("allowCreateBucket").GetBoolean());
    }

    [Fact]
    public async Task KeyCreate_NoCreateBucket_AsksForAKeyThatCannotCreateBuckets()
    {
        _server.On("POST /v2/CreateKey", KeyWithSecretJson);

        await RunAsync("--json", "key", "create", "app", "--no-create-bucket");

        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.False(body.RootElement.GetProperty("allowCreateBucket").GetBoolean());
    }

    [Fact]
    public async Task KeyCreate_Human_ShowsTheSecretOnce()
    {
        _server.On("POST /v2/CreateKey", KeyWithSecretJson);

        var run = await RunAsync("key", "create", "app");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Key ID: {KeyId}", run.Out);
        Assert.Contains($"Secret key: {Secret}", run.Out);
    }

    [Fact]
    public async Task Status_Json_IsOneParseableDocument()
    {
        _server.On("GET /v2/GetClusterStatus", """
            {"layoutVersion":3,"replicationFactor":3,"nodes":[
             {"id":"aaaa","hostname":"n0","zone":"dc1","capacity":1073741824,"isUp":true,"address":"a:1","dataPartition":{"available":5,"total":10}},
             {"id":"bbbb","hostname":"n1","zone":"dc2","isUp":false,"address":"b:1"}]}
            """);

        var json = await RunAsync("status", "--json");
        var human = await RunAsync("status");

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("layoutVersion").GetInt32());
        Assert.Contains("==== HEALTHY NODES ====", human.Out);
        Assert.Contains("==== FAILED NODES ====", human.Out);
        Assert.Contains("1.0 GiB", human.Out);
    }

    [Fact]
    public async Task Status_Human_ShowsANodeOutsideTheLayoutAsHavingNoRole_NotAsAGateway()
    {
        _server.On("GET /v2/GetClusterStatus", """
            {"layoutVersion":1,"replicationFactor":1,"nodes":[
             {"id":"aaaa","hostname":"n0","zone":"z1","isUp":true,"address":"a:1"},
             {"id":"bbbb","hostname":"","zone":"","isUp":true,"address":"b:1"}]}
            """);

        var run = await RunAsync("status");

        var lines = run.Out.Split('\n');
        Assert.Contains("gateway", lines.Single(l => l.StartsWith("aaaa", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("no role", lines.Single(l => l.StartsWith("bbbb", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyList_Human_PrintsAnAlignedTable()
    {
        _server.On("GET /v2/ListKeys", $$"""
            [{"accessKeyId":"{{KeyId}}","name":"app","createdAt":"2024-01-02T03:04:05+00:00"},
             {"accessKeyId":"GKshort","name":"other","createdAt":"2024-01-02T03:04:05+00:00"}]
            """);

        var run = await RunAsync("key", "list");

        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ID", lines[0]);
        var createdColumn = lines[0].IndexOf("CREATED", StringComparison.Ordinal);
        Assert.Equal(createdColumn, lines[1].IndexOf("2024-01-02", StringComparison.Ordinal));
        Assert.Equal(createdColumn, lines[2].IndexOf("2024-01-02", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyInfo_SearchesByPrefixOrName_AndAsksForTheSecretOnlyWithShowSecret()
    {
        _server.On("GET /v2/GetKeyInfo", KeyJson);

        var plain = await RunAsync("key", "info", "GK0123");
        var withSecret = await RunAsync("key", "info", "app", "--show-secret");

        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("(redacted", plain.Out);
        Assert.Contains("RWO".Replace("W", "-", StringComparison.Ordinal), plain.Out);
        var requests = _server.Requests.ToArray();
        Assert.Equal("/v2/GetKeyInfo?search=GK0123", requests[0].PathAndQuery);
        Assert.Equal("/v2/GetKeyInfo?search=app&showSecretKey=true", requests[1].PathAndQuery);
        Assert.Equal(0, withSecret.ExitCode);
    }

    [Fact]
    public async Task KeyDelete_WithoutYes_IsAUsageErrorAndSendsNothing()
    {
        var run = await RunAsync("key", "delete", "app");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--yes", run.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task KeyDelete_ResolvesTheKeyThenDeletesItsExactId()
    {
        _server.On("GET /v2/GetKeyInfo", KeyJson).On("POST /v2/DeleteKey", $$"""{"id":"{{KeyId}}","deleted":true}""");

        var run = await RunAsync("key", "delete", "app", "--yes", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"/v2/DeleteKey?id={KeyId}", _server.Requests.Last().PathAndQuery);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.True(doc.RootElement.GetProperty("deleted").GetBoolean());
    }

    [Theory]
    [InlineData("allow", "\"allow\"")]
    [InlineData("deny", "\"deny\"")]
    public async Task KeyAllowDeny_CreateBucket_SendsUpdateKey(string verb, string expectedField)
    {
        _server.On("GET /v2/GetKeyInfo", KeyJson).On("POST /v2/UpdateKey", KeyJson);

        var run = await RunAsync("key", verb, "app", "--create-bucket");

        Assert.Equal(0, run.ExitCode);
        var update = _server.Requests.Last();
        Assert.Equal($"/v2/UpdateKey?id={KeyId}", update.PathAndQuery);
        Assert.Contains(expectedField, update.Body);
        Assert.Contains("\"createBucket\": true", update.Body);
    }

    [Fact]
    public async Task BucketAllow_ResolvesTheKeyAndSendsTheFlagsAndTheName()
    {
        _server.On("GET /v2/GetKeyInfo", KeyJson).On("POST /v2/AllowBucketKey", BucketJson);

        var run = await RunAsync("bucket", "allow", "photos", "--key", "app", "--read", "--write");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("RW-", run.Out);
        using var body = JsonDocument.Parse(_server.Requests.Last().Body);
        Assert.Equal("photos", body.RootElement.GetProperty("globalAlias").GetString());
        Assert.Equal(KeyId, body.RootElement.GetProperty("accessKeyId").GetString());
        var permissions = body.RootElement.GetProperty("permissions");
        Assert.True(permissions.GetProperty("read").GetBoolean());
        Assert.True(permissions.GetProperty("write").GetBoolean());
        Assert.False(permissions.GetProperty("owner").GetBoolean());
    }

    [Fact]
    public async Task BucketDeny_WithoutAnyFlag_IsAUsageError()
    {
        var run = await RunAsync("bucket", "deny", "photos", "--key", "app");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task BucketInfo_ByHexId_UsesIdAndByName_UsesGlobalAlias()
    {
        _server.On("GET /v2/GetBucketInfo", BucketJson);

        var byId = await RunAsync("bucket", "info", BucketId);
        await RunAsync("bucket", "info", "photos");

        Assert.Equal(0, byId.ExitCode);
        Assert.Contains("==== KEYS FOR THIS BUCKET ====", byId.Out);
        var requests = _server.Requests.ToArray();
        Assert.Equal($"/v2/GetBucketInfo?id={BucketId}", requests[0].PathAndQuery);
        Assert.Equal("/v2/GetBucketInfo?globalAlias=photos", requests[1].PathAndQuery);
    }

    [Fact]
    public async Task BucketDelete_NotEmpty_ExitsOneWithTheServerMessageAndNoStdout()
    {
        _server.On("POST /v2/DeleteBucket", """{"code":"BucketNotEmpty","message":"Bucket 'photos' still holds objects."}""", 409);

        var run = await RunAsync("bucket", "delete", "photos", "--yes", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("BucketNotEmpty", run.Error);
        Assert.Contains("still holds objects", run.Error);
    }

    [Fact]
    public async Task BucketCreate_SendsTheName()
    {
        _server.On("POST /v2/CreateBucket", BucketJson);

        var run = await RunAsync("bucket", "create", "photos", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("photos", JsonDocument.Parse(_server.Requests.Single().Body).RootElement.GetProperty("globalAlias").GetString());
        Assert.Equal(BucketId, JsonDocument.Parse(run.Out).RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("bucket", "alias")]
    [InlineData("bucket", "unalias")]
    public async Task NotYetImplementedCommands_ExitOneWithAMessage(string group, string command)
    {
        var run = await RunAsync(group, command, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("not implemented yet in this version", run.Error);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("key", "rotate")]
    [InlineData("key")]
    [InlineData("status", "extra")]
    [InlineData("key", "list", "--bogus")]
    public async Task BadCommandLines_ExitTwo(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task NoArguments_PrintsHelpToStderrAndExitsTwo()
    {
        var run = await CliRun.RunAsync([]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage: garage-orleans", run.Error);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("Usage: garage-orleans [global options]", "--help")]
    [InlineData("Usage: garage-orleans key", "key", "--help")]
    [InlineData("Usage: garage-orleans bucket", "--help", "bucket")]
    [InlineData("Usage: garage-orleans layout", "layout", "-h")]
    [InlineData("./data/meta/admin-token", "status", "--help")]
    public async Task Help_AtEachLevel_ExitsZero(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Out);
    }

    [Fact]
    public async Task UnreachableAdmin_ExitsOne()
    {
        var run = await CliRun.RunAsync(["--admin", "http://127.0.0.1:1", "status"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Cannot reach the admin API", run.Error);
    }

    [Fact]
    public async Task Token_FromOptionBeatsEnvironmentWhichBeatsTheTokenFile()
    {
        _server.On("GET /v2/ListKeys", "[]");
        var dir = Directory.CreateTempSubdirectory("go-cli-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "data", "meta"));
            await File.WriteAllTextAsync(Path.Combine(dir, "data", "meta", "admin-token"), "from-file\n");
            var env = new Dictionary<string, string> { ["GARAGEORLEANS_Admin__Token"] = "from-env" };

            await CliRun.RunAsync(["--admin", _server.Url, "key", "list"], null, dir);
            await CliRun.RunAsync(["--admin", _server.Url, "key", "list"], env, dir);
            await CliRun.RunAsync(["--admin", _server.Url, "key", "list", "--token", "from-option"], env, dir);
            await CliRun.RunAsync(["--admin", _server.Url, "key", "list"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Assert.Equal(["Bearer from-file", "Bearer from-env", "Bearer from-option", null], _server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Unauthorized_WithoutAnyToken_ExplainsWhereTheTokenComesFrom()
    {
        _server.On("GET /v2/ListKeys", """{"code":"Unauthorized","message":"Admin token required."}""", 401);

        var run = await CliRun.RunAsync(["--admin", _server.Url, "key", "list"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("GARAGEORLEANS_Admin__Token", run.Error);
    }

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--admin", _server.Url, "--token", "t0ken"]);
}
