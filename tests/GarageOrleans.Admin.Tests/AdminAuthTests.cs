using System.Net;
using System.Text.Json;

namespace GarageOrleans.Admin.Tests;

public sealed class AdminAuthTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private AdminTestServer Shared => fixture.Server.Reset();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task HealthEndpoints_WithoutToken_Return200(string path)
    {
        var server = Shared;

        var response = await server.Client(token: null).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_WhenTheClusterDoesNotAnswer_Returns503()
    {
        var server = Shared;
        server.Backend.StatusFailure = new TimeoutException("silo not started");

        var response = await server.Client(token: null).GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task V2Endpoint_WithoutToken_Returns401WithJsonErrorAndBearerChallenge()
    {
        var server = Shared;

        var response = await server.Client(token: null).GetAsync("/v2/ListKeys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("Unauthorized", await ErrorCodeAsync(response));
        Assert.Null(server.Backend.LastCall);
    }

    [Fact]
    public async Task V2Endpoint_WithWrongToken_Returns403AndDoesNotReachTheBackend()
    {
        var server = Shared;

        var response = await server.Client(token: "wrong").PostAsync("/v2/CreateKey", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Forbidden", await ErrorCodeAsync(response));
        Assert.Null(server.Backend.LastCall);
    }

    [Fact]
    public async Task V2Endpoint_WithOtherAuthorizationScheme_Returns403()
    {
        var server = Shared;
        using var client = server.Client(token: null);
        client.DefaultRequestHeaders.Authorization = new("Basic", AdminTestServer.Token);

        var response = await client.GetAsync("/v2/ListKeys");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task V2Endpoint_WithTokenInQueryString_IsRefused()
    {
        var server = Shared;

        var response = await server.Client(token: null).GetAsync($"/v2/ListKeys?token={AdminTestServer.Token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task V2Endpoint_WhenNodeHasNoTokenConfigured_RefusesEveryone()
    {
        await using var server = await AdminTestServer.StartAsync(token: null);

        var response = await server.Client(token: "").GetAsync("/v2/ListKeys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("NoAdminToken", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task UnknownV2Endpoint_WithToken_Returns404JsonAndWithoutToken401()
    {
        var server = Shared;

        var withToken = await server.Client().GetAsync("/v2/NoSuchThing");
        var without = await server.Client(token: null).GetAsync("/v2/NoSuchThing");

        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);
        Assert.Equal("UnknownEndpoint", await ErrorCodeAsync(withToken));
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }

    [Fact]
    public async Task MapAdminApi_WithAnotherPort_DoesNotAnswerOnThisPort()
    {
        await using var server = await AdminTestServer.StartAsync(port: 1);

        var response = await server.Client().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithoutToken_Returns401()
    {
        var server = Shared;

        var response = await server.Client(token: null).GetAsync("/dashboard/ClusterStats");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithBearerToken_Returns200()
    {
        var server = Shared;

        var response = await server.Client().GetAsync("/dashboard/ClusterStats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithQueryToken_SetsCookieAndRedirectsToTheUrlWithoutToken()
    {
        var server = Shared;

        var response = await server.Client(token: null, followRedirects: false).GetAsync($"/dashboard/?token={AdminTestServer.Token}&x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/?x=1", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith($"{AdminAuthFilter.CookieName}={AdminTokenCheck.DashboardCookieValue(AdminTestServer.Token)}", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AdminTestServer.Token, cookie);
    }

    [Fact]
    public async Task Dashboard_WithWrongQueryToken_Returns403AndNoCookie()
    {
        var server = Shared;

        var response = await server.Client(token: null, followRedirects: false).GetAsync("/dashboard/?token=nope");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.Forbidden)]
    public async Task Dashboard_WithCookie_IsOpenOnlyForTheRightValue(bool right, HttpStatusCode expected)
    {
        var server = Shared;
        using var client = server.Client(token: null);
        var value = right ? AdminTokenCheck.DashboardCookieValue(AdminTestServer.Token) : AdminTokenCheck.DashboardCookieValue("other");
        client.DefaultRequestHeaders.Add("Cookie", $"{AdminAuthFilter.CookieName}={value}");

        var response = await client.GetAsync("/dashboard/ClusterStats");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task DashboardCookie_DoesNotOpenTheApi()
    {
        var server = Shared;
        using var client = server.Client(token: null);
        client.DefaultRequestHeaders.Add("Cookie", $"{AdminAuthFilter.CookieName}={AdminTokenCheck.DashboardCookieValue(AdminTestServer.Token)}");

        var response = await client.GetAsync("/v2/ListKeys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.TryGetProperty("message", out _));
        return doc.RootElement.GetProperty("code").GetString();
    }
}
