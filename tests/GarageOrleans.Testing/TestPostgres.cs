using System.Diagnostics;
using System.Reflection;

namespace GarageOrleans.Testing;

/// <summary>
/// A private PostgreSQL for cluster membership (<c>Cluster:Membership = adonet</c>), started through the project's
/// <c>scripts/postgres.sh</c> (which installs Debian's postgresql when missing) in a temp directory and stopped by
/// pid on dispose. Clusters sharing it keep apart by cluster id.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _dir;

    private TestPostgres(TempDirectory dir, string connectionString) => (_dir, ConnectionString) = (dir, connectionString);

    /// <summary>The database with the membership schema.</summary>
    public string ConnectionString { get; }

    public static async Task<TestPostgres> StartAsync()
    {
        var dir = new TempDirectory("garage-pg");
        try
        {
            var output = await RunScriptAsync("start", dir.Path);
            return new TestPostgres(dir, output.Trim().Split('\n')[^1]);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunScriptAsync("stop", _dir.Path);
        }
        finally
        {
            _dir.Dispose();
        }
    }

    private static async Task<string> RunScriptAsync(string verb, string dir)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script, verb, dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/postgres.sh {verb} did not finish within {ScriptTimeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh {verb} failed with {process.ExitCode}:\n{await stderr}");
        }

        return await stdout;
    }

    private static string RepositoryRoot() =>
        typeof(TestPostgres).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GarageOrleans.RepositoryRoot")?.Value
        ?? throw new InvalidOperationException("the test assembly does not know the repository root");
}
