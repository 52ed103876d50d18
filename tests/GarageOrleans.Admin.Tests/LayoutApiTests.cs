using System.Net;
using System.Text;
using System.Text.Json;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin.Tests;

public sealed class LayoutApiTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private static readonly string NodeA = "aa11" + new string('0', 60);
    private static readonly string NodeB = "aa22" + new string('1', 60);
    private static readonly string NodeC = "bb33" + new string('2', 60);

    private AdminTestServer Server
    {
        get
        {
            var server = fixture.Server.Reset();

            // Three joined nodes, none in the layout yet (as GetClusterStatus lists members outside the layout).
            server.Backend.Status = new ClusterStatus(0, 0, [Node(NodeA), Node(NodeB), Node(NodeC)]);
            return server;
        }
    }

    [Fact]
    public async Task GetClusterLayout_OfAFreshCluster_IsVersionZeroWithNothingStaged()
    {
        using var doc = await JsonAsync(await Server.Client().GetAsync("/v2/GetClusterLayout"));

        var root = doc.RootElement;
        Assert.Equal(0UL, root.GetProperty("version").GetUInt64());
        Assert.Equal(0, root.GetProperty("roles").GetArrayLength());
        Assert.Equal(0, root.GetProperty("stagedRoleChanges").GetArrayLength());
        Assert.False(root.TryGetProperty("parameters", out _));
        Assert.False(root.GetProperty("diverged").GetBoolean());
    }

    [Fact]
    public async Task UpdateClusterLayout_ResolvesUniquePrefixes_AndStagesRolesAndParameters()
    {
        var server = Server;

        var response = await server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""
            {"roles":[{"id":"aa1","zone":"z1","capacity":1073741824},{"id":"AA22","zone":"z2","capacity":null},{"id":"bb","zone":"z3","capacity":5}],
             "parameters":{"replicationFactor":3,"zoneRedundancy":"maximum"}}
            """));

        using var doc = await JsonAsync(response);
        Assert.Equal($"UpdateLayout [{NodeA}:z1:1073741824,{NodeB}:z2:gateway,{NodeC}:z3:5] rf=3 zr=maximum", server.Backend.LastCall);
        var staged = doc.RootElement.GetProperty("stagedRoleChanges");
        Assert.Equal(3, staged.GetArrayLength());
        Assert.Equal(NodeA, staged[0].GetProperty("id").GetString());
        Assert.Equal(1073741824, staged[0].GetProperty("capacity").GetInt64());
        Assert.False(staged[1].TryGetProperty("capacity", out _));
        var parameters = doc.RootElement.GetProperty("stagedParameters");
        Assert.Equal(3, parameters.GetProperty("replicationFactor").GetInt32());
        Assert.Equal("maximum", parameters.GetProperty("zoneRedundancy").GetString());
    }

    [Fact]
    public async Task UpdateClusterLayout_Remove_AndANumericOrGarageStyleZoneRedundancy_AreAccepted()
    {
        var server = Server;

        var numeric = await server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""{"roles":[{"id":"bb33","remove":true}],"parameters":{"replicationFactor":3,"zoneRedundancy":2}}"""));
        Assert.Equal(HttpStatusCode.OK, numeric.StatusCode);
        Assert.Equal($"UpdateLayout [{NodeC}:remove] rf=3 zr=2", server.Backend.LastCall);

        var garage = await server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""{"parameters":{"zoneRedundancy":{"atLeast":1}}}"""));
        using var doc = await JsonAsync(garage);
        Assert.Equal("UpdateLayout [] rf=3 zr=1", server.Backend.LastCall);
        Assert.Equal(1, doc.RootElement.GetProperty("stagedParameters").GetProperty("zoneRedundancy").GetInt32());
    }

    [Fact]
    public async Task UpdateClusterLayout_ZoneRedundancyAlone_KeepsTheCurrentReplicationFactor()
    {
        var server = Server;
        server.Backend.Layout = FakeAdminBackend.EmptyLayout with { Version = 4, Parameters = new LayoutParameters(2, ZoneRedundancy.Maximum) };

        var response = await server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""{"parameters":{"zoneRedundancy":"maximum"}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("UpdateLayout [] rf=2 zr=maximum", server.Backend.LastCall);
    }

    [Theory]
    [InlineData("""{"roles":[{"id":"cc","zone":"z1","capacity":1}]}""", HttpStatusCode.NotFound, "NoSuchNode")]
    [InlineData("""{"roles":[{"id":"aa","zone":"z1","capacity":1}]}""", HttpStatusCode.BadRequest, "AmbiguousNode")]
    [InlineData("""{"roles":[{"id":"xyz","zone":"z1","capacity":1}]}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"roles":[{"zone":"z1","capacity":1}]}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"roles":[{"id":"aa1","capacity":1}]}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"roles":[{"id":"aa1","zone":"z1","capacity":0}]}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"roles":[{"id":"aa1","remove":true,"zone":"z1"}]}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"roles":[{"id":"aa1","zone":"z1","capacity":1},{"id":"aa11","remove":true}]}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"parameters":{"zoneRedundancy":"maximum"}}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"parameters":{"replicationFactor":0}}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"parameters":{"replicationFactor":2,"zoneRedundancy":3}}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"parameters":{"replicationFactor":3,"zoneRedundancy":"most"}}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{"roles":"aa1"}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""{}""", HttpStatusCode.BadRequest, "InvalidRequest")]
    [InlineData("""null""", HttpStatusCode.BadRequest, "InvalidRequest")]
    public async Task UpdateClusterLayout_WithBadInput_ReturnsAClear4xx_AndStagesNothing(string body, HttpStatusCode status, string code)
    {
        var server = Server;

        var response = await server.Client().PostAsync("/v2/UpdateClusterLayout", Json(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await AdminAuthTests.ErrorCodeAsync(response));
        Assert.False(server.Backend.LastCall?.StartsWith("UpdateLayout", StringComparison.Ordinal) ?? false, server.Backend.LastCall);
    }

    [Fact]
    public async Task UpdateClusterLayout_UnknownNode_SaysHowToFindNodes()
    {
        var response = await Server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""{"roles":[{"id":"cc","zone":"z1","capacity":1}]}"""));

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("GetClusterStatus", doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateClusterLayout_ANodeOnlyInTheLayout_CanBeRemovedWhileDown()
    {
        var server = Server;
        var gone = "dd44" + new string('3', 60);
        server.Backend.Layout = FakeAdminBackend.EmptyLayout with { Version = 1, Roles = [new LayoutNodeRole(gone, "z1", 10, 256)] };

        var response = await server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""{"roles":[{"id":"dd4","remove":true}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"UpdateLayout [{gone}:remove] -", server.Backend.LastCall);
    }

    [Fact]
    public async Task ApplyClusterLayout_TheNextVersion_AppliesWhatWasStaged()
    {
        var server = Server;
        await server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""{"roles":[{"id":"aa1","zone":"z1","capacity":100}],"parameters":{"replicationFactor":1}}"""));

        using var doc = await JsonAsync(await server.Client().PostAsync("/v2/ApplyClusterLayout", Json("""{"version":1}""")));

        Assert.Equal(1UL, doc.RootElement.GetProperty("version").GetUInt64());
        var role = Assert.Single(doc.RootElement.GetProperty("roles").EnumerateArray());
        Assert.Equal(NodeA, role.GetProperty("id").GetString());
        Assert.Equal(256, role.GetProperty("storedPartitions").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("parameters").GetProperty("replicationFactor").GetInt32());
    }

    [Fact]
    public async Task ApplyClusterLayout_ALayoutRefusal_Is400InvalidLayoutWithTheReason()
    {
        var server = Server;

        var response = await server.Client().PostAsync("/v2/ApplyClusterLayout", Json("""{"version":5}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("InvalidLayout", doc.RootElement.GetProperty("code").GetString());
        Assert.Contains("current version + 1", doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"version":0}""")]
    [InlineData("""{"version":-1}""")]
    [InlineData("""{"version":"one"}""")]
    public async Task ApplyClusterLayout_WithoutAValidVersion_Returns400(string body)
    {
        var server = Server;

        var response = await server.Client().PostAsync("/v2/ApplyClusterLayout", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequest", await AdminAuthTests.ErrorCodeAsync(response));
        Assert.Null(server.Backend.LastCall);
    }

    [Fact]
    public async Task RevertClusterLayout_DropsTheStagedChanges()
    {
        var server = Server;
        await server.Client().PostAsync("/v2/UpdateClusterLayout", Json("""{"roles":[{"id":"aa1","zone":"z1","capacity":100}]}"""));

        using var doc = await JsonAsync(await server.Client().PostAsync("/v2/RevertClusterLayout", null));

        Assert.Equal("RevertLayout", server.Backend.LastCall);
        Assert.Equal(0, doc.RootElement.GetProperty("stagedRoleChanges").GetArrayLength());
    }

    [Fact]
    public async Task PreviewClusterLayoutChanges_ReturnsThePreview_OrSaysNothingIsStaged()
    {
        var server = Server;

        using (var nothing = await JsonAsync(await server.Client().PostAsync("/v2/PreviewClusterLayoutChanges", null)))
        {
            Assert.Contains("No changes are staged", nothing.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        server.Backend.Layout = FakeAdminBackend.EmptyLayout with
        {
            Preview = new ClusterLayoutPreview(1, new string('d', 64), new LayoutParameters(3, new ZoneRedundancy(2)), [new LayoutNodeRole(NodeA, "z1", 100, 256)], 0, null),
        };
        using var preview = await JsonAsync(await server.Client().PostAsync("/v2/PreviewClusterLayoutChanges", null));

        Assert.Equal(1UL, preview.RootElement.GetProperty("version").GetUInt64());
        Assert.Equal(2, preview.RootElement.GetProperty("parameters").GetProperty("zoneRedundancy").GetInt32());
        Assert.Equal(256, preview.RootElement.GetProperty("roles")[0].GetProperty("storedPartitions").GetInt32());
        Assert.Equal(0, preview.RootElement.GetProperty("partitionCopiesMoved").GetInt32());
        Assert.False(preview.RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task GetClusterLayoutHistory_ReturnsVersionsAndTrackersByNode()
    {
        var server = Server;
        server.Backend.History = new ClusterLayoutHistory(
            2,
            1,
            1,
            [new ClusterLayoutVersion(1, new string('1', 64), "active", 1, 1, 0), new ClusterLayoutVersion(2, new string('2', 64), "current", 3, 3, 0)],
            new Dictionary<string, NodeUpdateTrackers> { [NodeA] = new(2, 1, 1) },
            false);

        using var doc = await JsonAsync(await server.Client().GetAsync("/v2/GetClusterLayoutHistory"));

        Assert.Equal(2UL, doc.RootElement.GetProperty("currentVersion").GetUInt64());
        Assert.Equal("current", doc.RootElement.GetProperty("versions")[1].GetProperty("status").GetString());
        Assert.Equal(1UL, doc.RootElement.GetProperty("updateTrackers").GetProperty(NodeA).GetProperty("sync").GetUInt64());
    }

    [Theory]
    [InlineData("GET", "/v2/GetClusterLayout")]
    [InlineData("POST", "/v2/UpdateClusterLayout")]
    [InlineData("POST", "/v2/ApplyClusterLayout")]
    [InlineData("POST", "/v2/RevertClusterLayout")]
    [InlineData("POST", "/v2/PreviewClusterLayoutChanges")]
    [InlineData("GET", "/v2/GetClusterLayoutHistory")]
    public async Task LayoutEndpoints_NeedTheToken(string method, string path)
    {
        var server = Server;

        var response = await server.Client(token: null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(server.Backend.LastCall);
    }

    private static NodeStatus Node(string id) => new(id, "host", "", null, true, "127.0.0.1:3901@1", null);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
