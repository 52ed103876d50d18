using System.Net;
using System.Net.Http.Headers;

namespace GarageOrleans.Admin.Tests;

public sealed class DashboardProtectionTests(DashboardSiloFixture node) : IClassFixture<DashboardSiloFixture>
{
    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/index.min.js")]
    [InlineData("/dashboard/version")]
    [InlineData("/dashboard/ClusterStats")]
    [InlineData("/dashboard/GrainState?grainId=x&grainType=y")]
    public async Task RealDashboard_WithoutToken_Returns401(string path)
    {
        using var client = Client(token: null);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RealDashboard_WithBearerToken_ServesThePage()
    {
        using var client = Client(DashboardSiloFixture.Token);

        var response = await client.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RealDashboard_OpenedOnceWithQueryToken_ThenWorksWithTheCookie()
    {
        using var first = Client(token: null);
        var login = await first.GetAsync($"/dashboard/?token={DashboardSiloFixture.Token}");
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var browser = Client(token: null);
        browser.DefaultRequestHeaders.Add("Cookie", cookie);

        var page = await browser.GetAsync("/dashboard/version");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task HealthLive_Is200_AndReady_Is503WhileNoClusterStatusGrainAnswers()
    {
        using var client = Client(token: null);

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    private HttpClient Client(string? token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
