using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GarageOrleans.Hosting;

/// <summary>
/// A running node (silo + S3 + admin listeners), built from configuration. The server executable, the tests and the
/// benchmarks all start nodes through this type, so they exercise the same composition.
/// </summary>
public sealed class GarageNode : IAsyncDisposable
{
    private const string EndpointItem = "garageorleans.endpoint";
    private const string S3Endpoint = "s3";
    private const string AdminEndpoint = "admin";

    private readonly ListenOptions _s3Listen;
    private readonly ListenOptions _adminListen;

    private GarageNode(WebApplication app, ListenOptions s3Listen, ListenOptions adminListen)
    {
        App = app;
        _s3Listen = s3Listen;
        _adminListen = adminListen;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The S3 endpoint actually bound (resolves port 0), as an http URL on the bind address.</summary>
    public Uri S3Url => UrlOf(_s3Listen);

    public Uri AdminUrl => UrlOf(_adminListen);

    public string AdminToken => Services.GetRequiredService<NodeContext>().AdminToken;

    /// <summary>Builds a node from command-line arguments and optional in-memory overrides (tests).</summary>
    public static GarageNode Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
        GarageConfiguration.Apply(builder.Configuration, args, overrides);
        // Quiet defaults (configuration may override them): ASP.NET's per-request lines would log a dashboard
        // ?token= and drown the node's own messages; Orleans and Polly log every placement at Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Error);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        NodeContext context;
        using (var startupLogging = LoggerFactory.Create(b => b.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true)))
        {
            context = NodeContext.Create(builder.Configuration, startupLogging.CreateLogger("GarageOrleans.Startup"));
        }

        builder.Services.AddSingleton(context);
        builder.Services.AddRouting();
        builder.AddGarageServices(context);

        ListenOptions? s3Listen = null;
        ListenOptions? adminListen = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(context.Node.BindAddress);
            kestrel.Limits.MaxRequestBodySize = null; // S3 bodies are limited per operation (5 GiB single PUT)
            kestrel.Listen(address, context.S3.Port, lo =>
            {
                s3Listen = lo;
                lo.Use(next => connection =>
                {
                    connection.Items[EndpointItem] = S3Endpoint;
                    return next(connection);
                });
            });
            kestrel.Listen(address, context.Admin.Port, lo =>
            {
                adminListen = lo;
                lo.Use(next => connection =>
                {
                    connection.Items[EndpointItem] = AdminEndpoint;
                    return next(connection);
                });
            });
        });

        var app = builder.Build();

        // The S3 branch is terminal: S3 requests never reach the admin endpoints below, and the admin listener
        // never reaches the S3 pipeline.
        app.UseWhen(IsEndpoint(S3Endpoint), s3 => s3.UseGarageS3());
        app.UseRouting();
        app.MapGarageAdmin();

        // Kestrel configures listeners lazily at start; force it so the ListenOptions exist.
        _ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KestrelServerOptions>>().Value;
        return new GarageNode(app, s3Listen!, adminListen!);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => App.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
        }
    }

    private static Func<HttpContext, bool> IsEndpoint(string name) => http =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(EndpointItem, out var value) == true
        && (string?)value == name;

    private static Uri UrlOf(ListenOptions listen)
    {
        var endpoint = listen.IPEndPoint ?? throw new InvalidOperationException("listener is not an IP endpoint");
        var host = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endpoint.Address;
        return new Uri($"http://{host}:{endpoint.Port}");
    }
}
