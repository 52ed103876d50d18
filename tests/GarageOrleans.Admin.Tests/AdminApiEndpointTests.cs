using System.Net;
using System.Text;
using System.Text.Json;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin.Tests;

public sealed class AdminApiEndpointTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private AdminTestServer Shared => fixture.Server.Reset();

    [Fact]
    public async Task GetClusterStatus_ReturnsCamelCaseGarageShape()
    {
        var server = Shared;

        using var doc = await GetJsonAsync(server, "/v2/GetClusterStatus");

        var root = doc.RootElement;
        Assert.Equal(1UL, root.GetProperty("layoutVersion").GetUInt64());
        Assert.Equal(1, root.GetProperty("replicationFactor").GetInt32());
        var node = root.GetProperty("nodes")[0];
        Assert.Equal(new string('a', 64), node.GetProperty("id").GetString());
        Assert.True(node.GetProperty("isUp").GetBoolean());
        Assert.Equal("dc1", node.GetProperty("zone").GetString());
        Assert.Equal(1L << 30, node.GetProperty("capacity").GetInt64());
        Assert.Equal(5, node.GetProperty("dataPartition").GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task GetClusterHealth_ReturnsStatusAndCounts()
    {
        var server = Shared;

        using var doc = await GetJsonAsync(server, "/v2/GetClusterHealth");

        Assert.Equal("healthy", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("storageNodesUp").GetInt32());
    }

    [Fact]
    public async Task CreateKey_ReturnsIdAndSecret_AndPassesNameAndFlag()
    {
        var server = Shared;

        var response = await server.Client().PostAsync("/v2/CreateKey", Json("""{"name":"app","allowCreateBucket":false}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var key = await ReadAsync(response, AdminJson.Default.KeyInfo);
        Assert.StartsWith("GK", key.AccessKeyId);
        Assert.False(string.IsNullOrEmpty(key.SecretAccessKey));
        Assert.Equal("CreateKey app False", server.Backend.LastCall);
    }

    [Fact]
    public async Task CreateKey_WithEmptyBody_CreatesAKeyThatMayCreateBuckets()
    {
        var server = Shared;

        var response = await server.Client().PostAsync("/v2/CreateKey", new ByteArrayContent([]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CreateKey  True", server.Backend.LastCall);
    }

    [Fact]
    public async Task CreateKey_WithMalformedJson_Returns400()
    {
        var server = Shared;

        var response = await server.Client().PostAsync("/v2/CreateKey", Json("{name:"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequest", await AdminAuthTests.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task GetKeyInfo_LeavesTheSecretOutUnlessAsked()
    {
        var server = Shared;
        var id = server.Backend.AddKey("app");

        using var hidden = await GetJsonAsync(server, $"/v2/GetKeyInfo?id={id}");
        using var shown = await GetJsonAsync(server, $"/v2/GetKeyInfo?id={id}&showSecretKey=true");

        Assert.False(hidden.RootElement.TryGetProperty("secretAccessKey", out _));
        Assert.Equal("sekrit-value-0123456789", shown.RootElement.GetProperty("secretAccessKey").GetString());
        Assert.Equal(id, shown.RootElement.GetProperty("accessKeyId").GetString());
        Assert.True(shown.RootElement.GetProperty("allowCreateBucket").GetBoolean());
        Assert.Equal(JsonValueKind.Array, shown.RootElement.GetProperty("buckets").ValueKind);
        Assert.Equal(JsonValueKind.String, shown.RootElement.GetProperty("createdAt").ValueKind);
    }

    [Fact]
    public async Task GetKeyInfo_ById_IsExactButBySearch_MatchesPrefixOrName()
    {
        var server = Shared;
        var id = server.Backend.AddKey("app");

        var byPrefixAsId = await server.Client().GetAsync($"/v2/GetKeyInfo?id={id[..6]}");
        using var byName = await GetJsonAsync(server, "/v2/GetKeyInfo?search=app");

        Assert.Equal(HttpStatusCode.NotFound, byPrefixAsId.StatusCode);
        Assert.Equal("NoSuchAccessKey", await AdminAuthTests.ErrorCodeAsync(byPrefixAsId));
        Assert.Equal(id, byName.RootElement.GetProperty("accessKeyId").GetString());
    }

    [Fact]
    public async Task GetKeyInfo_WithAmbiguousSearch_Returns400()
    {
        var server = Shared;
        server.Backend.AddKey("a");
        server.Backend.AddKey("b");

        var response = await server.Client().GetAsync("/v2/GetKeyInfo?search=GK");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("AmbiguousKey", await AdminAuthTests.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task GetKeyInfo_WithoutIdOrSearch_Returns400()
    {
        var server = Shared;

        var response = await server.Client().GetAsync("/v2/GetKeyInfo");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"allow":{"createBucket":true}}""", "SetAllowCreateBucket {0} True")]
    [InlineData("""{"deny":{"createBucket":true}}""", "SetAllowCreateBucket {0} False")]
    [InlineData("""{}""", "GetKeyInfo {0} exact=True secret=False")]
    public async Task UpdateKey_AllowOrDenyCreateBucket_CallsTheBackend(string body, string expectedCall)
    {
        var server = Shared;
        var id = server.Backend.AddKey("app");

        var response = await server.Client().PostAsync($"/v2/UpdateKey?id={id}", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Format(expectedCall, id), server.Backend.LastCall);
    }

    [Fact]
    public async Task UpdateKey_AllowingAndDenyingTheSameFlag_Returns400()
    {
        var server = Shared;
        var id = server.Backend.AddKey("app");

        var response = await server.Client().PostAsync($"/v2/UpdateKey?id={id}", Json("""{"allow":{"createBucket":true},"deny":{"createBucket":true}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeleteKey_Unknown_Returns404_AndKnown_ReturnsDeleted()
    {
        var server = Shared;
        var id = server.Backend.AddKey("app");

        var unknown = await server.Client().PostAsync("/v2/DeleteKey?id=GKnope", null);
        var known = await server.Client().PostAsync($"/v2/DeleteKey?id={id}", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(new DeletedResult(id, true), await ReadAsync(known, AdminJson.Default.DeletedResult));
    }

    [Fact]
    public async Task ImportKey_WithBadSecret_Returns400_AndExistingId_Returns409()
    {
        var server = Shared;
        var id = server.Backend.AddKey("app");

        var bad = await server.Client().PostAsync("/v2/ImportKey", Json("""{"accessKeyId":"GKabc","secretAccessKey":"short"}"""));
        var dup = await server.Client().PostAsync("/v2/ImportKey", Json($$"""{"accessKeyId":"{{id}}","secretAccessKey":"long-enough-secret"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, dup.StatusCode);
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("ab")]
    public async Task CreateBucket_WithInvalidName_Returns400InvalidBucketName(string name)
    {
        var server = Shared;

        var response = await server.Client().PostAsync("/v2/CreateBucket", Json($$"""{"globalAlias":"{{name}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidBucketName", await AdminAuthTests.ErrorCodeAsync(response));
        Assert.Null(server.Backend.LastCall);
    }

    [Fact]
    public async Task CreateBucket_ThenAgain_Returns200Then409()
    {
        var server = Shared;

        var first = await server.Client().PostAsync("/v2/CreateBucket", Json("""{"globalAlias":"photos"}"""));
        var second = await server.Client().PostAsync("/v2/CreateBucket", Json("""{"globalAlias":"photos"}"""));

        var info = await ReadAsync(first, AdminJson.Default.BucketInfo);
        Assert.Equal("photos", info.Name);
        Assert.Equal(["photos"], info.GlobalAliases);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("BucketAlreadyExists", await AdminAuthTests.ErrorCodeAsync(second));
    }

    [Fact]
    public async Task GetBucketInfo_ByIdOrGlobalAlias_FindsTheSameBucket_AndUnknownIs404()
    {
        var server = Shared;
        var id = server.Backend.AddBucket("photos");

        using var byId = await GetJsonAsync(server, $"/v2/GetBucketInfo?id={id}");
        using var byAlias = await GetJsonAsync(server, "/v2/GetBucketInfo?globalAlias=photos");
        var unknown = await server.Client().GetAsync("/v2/GetBucketInfo?globalAlias=nope");

        Assert.Equal(id, byId.RootElement.GetProperty("id").GetString());
        Assert.Equal(id, byAlias.RootElement.GetProperty("id").GetString());
        Assert.False(byAlias.RootElement.TryGetProperty("objects", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("NoSuchBucket", await AdminAuthTests.ErrorCodeAsync(unknown));
    }

    [Fact]
    public async Task DeleteBucket_NotEmpty_Returns409BucketNotEmpty()
    {
        var server = Shared;
        server.Backend.AddBucket("full", empty: false);

        var response = await server.Client().PostAsync("/v2/DeleteBucket?globalAlias=full", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("BucketNotEmpty", await AdminAuthTests.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task AllowThenDenyBucketKey_ChangesOnlyTheGivenFlags()
    {
        var server = Shared;
        var id = server.Backend.AddBucket("photos");
        var key = server.Backend.AddKey("app");

        var allowed = await server.Client().PostAsync("/v2/AllowBucketKey", Json($$$"""{"bucketId":"{{{id}}}","accessKeyId":"{{{key}}}","permissions":{"read":true,"write":true,"owner":false}}"""));
        var denied = await server.Client().PostAsync("/v2/DenyBucketKey", Json($$$"""{"globalAlias":"photos","accessKeyId":"{{{key}}}","permissions":{"read":false,"write":true,"owner":false}}"""));

        Assert.Equal(new BucketPermissions(true, true, false), (await ReadAsync(allowed, AdminJson.Default.BucketInfo)).Keys.Single().Permissions);
        var after = await ReadAsync(denied, AdminJson.Default.BucketInfo);
        Assert.Equal(new BucketKey(key, "app", new BucketPermissions(true, false, false)), after.Keys.Single());
    }

    [Fact]
    public async Task AllowBucketKey_WithNoFlag_Returns400()
    {
        var server = Shared;
        server.Backend.AddBucket("photos");

        var response = await server.Client().PostAsync("/v2/AllowBucketKey", Json("""{"bucketId":"photos","accessKeyId":"GK1","permissions":{"read":false,"write":false,"owner":false}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UnexpectedBackendFailure_Returns500WithoutItsMessage()
    {
        var server = Shared;
        server.Backend.StatusFailure = new InvalidOperationException("internal detail xyz");

        var response = await server.Client().GetAsync("/v2/GetClusterStatus");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("InternalError", await AdminAuthTests.ErrorCodeAsync(response));
        Assert.DoesNotContain("xyz", await response.Content.ReadAsStringAsync());
        Assert.Contains(server.Logs, line => line.Contains("internal detail xyz"));
    }

    [Fact]
    public async Task SecretsAndToken_NeverReachTheLog()
    {
        var server = Shared;
        var created = await ReadAsync(await server.Client().PostAsync("/v2/CreateKey", Json("""{"name":"app"}""")), AdminJson.Default.KeyInfo);
        await server.Client().GetAsync($"/v2/GetKeyInfo?id={created.AccessKeyId}&showSecretKey=true");
        await server.Client(token: "wrong-token-value").GetAsync("/v2/ListKeys");
        await server.Client(token: null).GetAsync($"/dashboard/?token={AdminTestServer.Token}");

        Assert.NotEmpty(server.Logs);
        Assert.DoesNotContain(server.Logs, line => line.Contains(created.SecretAccessKey!, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs, line => line.Contains(AdminTestServer.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs, line => line.Contains("wrong-token-value", StringComparison.Ordinal));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonDocument> GetJsonAsync(AdminTestServer server, string path)
    {
        var response = await server.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), info)!;
    }
}
