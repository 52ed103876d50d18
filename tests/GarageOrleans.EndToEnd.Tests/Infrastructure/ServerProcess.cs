using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>garage-orleans-server</c> run as a separate process (<c>dotnet garage-orleans-server.dll</c>) on loopback ports,
/// configured on its command line (DESIGN §8), with its data under <see cref="DataRoot"/>. Start returns once
/// <c>/health/live</c> answers on the admin port. Dispose stops it gracefully (SIGTERM), then kills it; a graceful
/// stop first reads the node's count of S3 internal errors from the admin API and fails if it is not zero, since
/// every 500 is a bug whatever the test was looking at.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LivePollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(30);
    private const int OutputLines = 400;

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputLog _output;
    private readonly string? _adminToken;

    private ServerProcess(Process process, OutputLog output, string dataRoot, LoopbackPorts ports, string? adminToken)
    {
        _process = process;
        _output = output;
        _adminToken = adminToken;
        DataRoot = dataRoot;
        Ports = ports;
    }

    public string DataRoot { get; }

    public LoopbackPorts Ports { get; }

    public int Pid => _process.Id;

    public string MetadataDir => Path.Combine(DataRoot, "meta");

    public Uri S3Url => new($"http://127.0.0.1:{Ports.S3}");

    public Uri AdminUrl => new($"http://127.0.0.1:{Ports.Admin}");

    public bool HasExited => _process.HasExited;

    /// <summary>The admin token a node without <c>Admin:Token</c> generates into its metadata dir (DESIGN §8).</summary>
    public string GeneratedAdminToken()
    {
        var file = Path.Combine(MetadataDir, "admin-token");
        return File.Exists(file)
            ? File.ReadAllText(file).Trim()
            : throw new FileNotFoundException($"the server did not write {file}; its output:\n{OutputTail()}", file);
    }

    /// <summary>The last lines the server printed.</summary>
    public string OutputTail() => _output.Text();

    /// <summary>
    /// Starts a node on <paramref name="dataRoot"/> (meta/ and blocks/ under it; reused by a restart) and waits until
    /// it is live. <paramref name="settings"/> adds configuration keys (<c>Section:Key</c>).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataRoot, LoopbackPorts ports, IReadOnlyDictionary<string, string>? settings = null)
    {
        var config = new Dictionary<string, string>
        {
            ["Node:MetadataDir"] = Path.Combine(dataRoot, "meta"),
            ["Node:DataDir"] = Path.Combine(dataRoot, "blocks"),
            ["Node:BindAddress"] = "127.0.0.1",
            ["S3:Port"] = Invariant(ports.S3),
            ["Admin:Port"] = Invariant(ports.Admin),
            ["Web:Port"] = Invariant(ports.Web),
            ["Cluster:SiloPort"] = Invariant(ports.Silo),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:GarageOrleans"] = "Information",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataRoot,
        };
        start.ArgumentList.Add(BuildOutput.ServerDll);
        foreach (var (key, value) in config)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        ChildProcess.Sanitize(start.Environment);
        var output = new OutputLog(OutputLines);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, output, dataRoot, ports, settings?.GetValueOrDefault("Admin:Token"));
        try
        {
            await server.WaitLiveAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>SIGKILL, as a power cut would: nothing gets to flush. Waits until the process is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>
    /// SIGTERM and wait for a graceful stop; SIGKILL after <see cref="GracefulStopTimeout"/>. Then fails if the node
    /// had answered any S3 request with 500 InternalError.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        var internalErrors = await S3InternalErrorsAsync();
        using (var term = Process.Start("kill", ["-TERM", Invariant(_process.Id)]))
        {
            await term.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(GracefulStopTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }

        if (internalErrors > 0)
        {
            throw new InvalidOperationException(
                $"the server answered {internalErrors} S3 request(s) with 500 InternalError (each is a bug); its output:\n{OutputTail()}");
        }
    }

    /// <summary>
    /// <c>s3InternalErrors</c> of GetClusterStatus, answered by this node; null when the admin API does not answer
    /// (a test that broke the node on purpose is judged by its own assertions).
    /// </summary>
    public async Task<long?> S3InternalErrorsAsync()
    {
        try
        {
            using var http = new HttpClient { Timeout = StatusTimeout };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(AdminUrl, "/v2/GetClusterStatus"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken ?? GeneratedAdminToken());
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.TryGetProperty("s3InternalErrors", out var count)
                ? count.GetInt64()
                : throw new InvalidOperationException("GetClusterStatus answered without s3InternalErrors: the check of internal errors cannot run");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FileNotFoundException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    // An external process offers nothing to await but its port: poll /health/live, bounded, and notice an early exit.
    private async Task WaitLiveAsync()
    {
        var url = new Uri(AdminUrl, "/health/live");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var exited = _process.WaitForExitAsync();
        string lastError = "no answer yet";
        while (clock.Elapsed < LiveTimeout)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastError = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lastError = e.Message;
            }

            if (await Task.WhenAny(exited, Task.Delay(LivePollInterval)) == exited)
            {
                throw new InvalidOperationException(
                    $"the server exited with code {_process.ExitCode} before GET {url} answered; its output:\n{OutputTail()}");
            }
        }

        throw new TimeoutException(
            $"the server (pid {_process.Id}) did not answer GET {url} with 2xx within {LiveTimeout.TotalSeconds:F0} s (last: {lastError}); its output:\n{OutputTail()}");
    }
}
