using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Cli.Tests;

/// <summary>One request the fake server received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string Body);

/// <summary>
/// A Kestrel server on 127.0.0.1:0 that records every request and answers from canned responses keyed by
/// "METHOD /path" (query ignored); anything else gets a 404 AdminError, like the real API.
/// </summary>
internal sealed class FakeAdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _responses = new(StringComparer.Ordinal);

    private FakeAdminServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<FakeAdminServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAdminServer(app);
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            server.Requests.Enqueue(new RecordedRequest(
                http.Request.Method,
                http.Request.Path + http.Request.QueryString,
                http.Request.Headers.Authorization.Count > 0 ? http.Request.Headers.Authorization.ToString() : null,
                body));
            var (status, answer) = server._responses.TryGetValue($"{http.Request.Method} {http.Request.Path}", out var r)
                ? r
                : (404, """{"code":"UnknownEndpoint","message":"no such endpoint"}""");
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    public FakeAdminServer On(string methodAndPath, string json, int status = 200)
    {
        _responses[methodAndPath] = (status, json);
        return this;
    }

    /// <summary>Forgets the previous test's responses and requests, so one server serves a whole test class.</summary>
    public FakeAdminServer Reset()
    {
        _responses.Clear();
        Requests.Clear();
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
