using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace GarageOrleans.Admin.Tests;

/// <summary>
/// A real single-silo node (localhost clustering, the Orleans Dashboard added) with <c>MapAdminApi()</c> mapped as
/// Hosting will map it, so the tests see the real dashboard endpoints behind our gate. No grain of ours is
/// registered, so grain calls fail: that is the not-ready case.
/// </summary>
public sealed class DashboardSiloFixture : IAsyncLifetime
{
    public const string Token = "dashboard-test-token";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort());
            silo.AddDashboard();
        });
        builder.Services.Configure<AdminApiOptions>(o => o.Token = Token);
        _app = builder.Build();
        _app.MapAdminApi();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Orleans needs its ports up front; bind 0 and read back (a tiny race with other processes is acceptable).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
