using GarageOrleans.EndToEnd.Tests.Infrastructure;

namespace GarageOrleans.Cluster.ProcessTests;

/// <summary>
/// A private PostgreSQL for the whole test project, started through <c>scripts/postgres.sh</c> (which installs
/// Debian's postgresql when missing) in a temp dir, and stopped at the end whether the tests passed or not. Tests
/// share it and keep apart by cluster id (the membership table is keyed by it).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private TempDirectory? _dir;

    /// <summary>The database with our membership schema.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The same server's default database, which has no membership schema.</summary>
    public string WithoutSchema => ConnectionString.Replace("Database=garage", "Database=postgres", StringComparison.Ordinal);

    public async Task InitializeAsync()
    {
        _dir = new TempDirectory("garage-pg");
        var result = await ChildProcess.RunAsync(BuildOutput.Script("postgres.sh"), ["start", _dir.Path], ScriptTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh start failed with {result.ExitCode}:\n{result.Combined}");
        }

        ConnectionString = result.StandardOutput.Trim().Split('\n')[^1];
    }

    public async Task DisposeAsync()
    {
        if (_dir is null)
        {
            return;
        }

        try
        {
            await ChildProcess.RunAsync(BuildOutput.Script("postgres.sh"), ["stop", _dir.Path], ScriptTimeout);
        }
        finally
        {
            _dir.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
