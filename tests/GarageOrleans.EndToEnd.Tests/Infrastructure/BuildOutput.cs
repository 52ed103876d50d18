using System.Reflection;

namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Finds what the tests run as separate processes: the server and CLI assemblies built in the same configuration as
/// this test assembly (the project references guarantee they are built first), the scripts, and the dotnet host.
/// </summary>
internal static class BuildOutput
{
    public const string ServerAssembly = "garage-orleans-server.dll";
    public const string CliAssembly = "garage-orleans.dll";

    public static string RepositoryRoot { get; } = Metadata("GarageOrleans.RepositoryRoot");

    public static string ServerDll => Locate("GarageOrleans.Server", ServerAssembly);

    public static string CliDll => Locate("GarageOrleans.Cli", CliAssembly);

    public static string Script(string name) => Path.Combine(RepositoryRoot, "scripts", name);

    /// <summary>The dotnet host that runs these tests, so the children use the same runtime.</summary>
    public static string DotnetHost
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            var self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    private static string Locate(string project, string assembly)
    {
        var configuration = Metadata("GarageOrleans.Configuration");
        var framework = Metadata("GarageOrleans.TargetFramework");
        var candidates = new[]
        {
            Path.Combine(RepositoryRoot, "src", project, "bin", configuration, framework, assembly),
            Path.Combine(AppContext.BaseDirectory, assembly),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{assembly} is not built; looked at {string.Join(", ", candidates)}. Build {project} first.");
    }

    private static string Metadata(string key) =>
        typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing (set in the test csproj)");
}
