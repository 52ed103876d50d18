using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Admin.Tests;

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 with the admin API mapped over a <see cref="FakeAdminBackend"/>, plus a
/// stand-in dashboard group (the real one needs a silo) protected exactly as the real one is. Logs are captured so
/// tests can check that no secret reaches them.
/// </summary>
internal sealed class AdminTestServer : IAsyncDisposable
{
    public const string Token = "test-admin-token-0123456789abcdef";

    private readonly WebApplication _app;

    private AdminTestServer(WebApplication app, FakeAdminBackend backend, Uri baseAddress, ConcurrentQueue<string> logs)
    {
        _app = app;
        Backend = backend;
        BaseAddress = baseAddress;
        Logs = logs;
    }

    public FakeAdminBackend Backend { get; }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<string> Logs { get; }

    public static async Task<AdminTestServer> StartAsync(string? token = Token, int? port = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);

        // As Hosting must configure it: ASP.NET's request-start line carries the query string, and the dashboard's
        // one-time ?token= would land in the log with it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddProvider(new CapturingLoggerProvider(logs));
        var backend = new FakeAdminBackend();
        builder.Services.AddSingleton<IAdminBackend>(backend);
        builder.Services.Configure<AdminApiOptions>(o => o.Token = token);
        var app = builder.Build();
        app.MapAdminApi(port, dashboard: false);
        var dashboard = app.MapGroup(AdminApiEndpoints.DashboardPath);
        dashboard.MapGet("/", () => Results.Text("<html>dashboard</html>", "text/html"));
        dashboard.MapGet("/ClusterStats", () => Results.Json(new { silos = 1 }));
        AdminApiEndpoints.ProtectDashboard(dashboard);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AdminTestServer(app, backend, new Uri(address), logs);
    }

    public HttpClient Client(string? token = Token, bool followRedirects = true)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = false }) { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Forgets every key, bucket, call and log line of the previous test.</summary>
    public AdminTestServer Reset()
    {
        Backend.Reset();
        Logs.Clear();
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
