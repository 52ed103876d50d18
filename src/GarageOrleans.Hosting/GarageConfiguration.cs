
namespace GarageOrleans.Hosting;

/// <summary>
/// The configuration contract of DESIGN §8: an optional JSON file (comments allowed) named by <c>--config FILE</c>,
/// overridden by <c>GARAGEORLEANS_</c> environment variables (<c>GARAGEORLEANS_S3__Port=3900</c>), overridden by the
/// command line (<c>--S3:Port=3900</c>). Nothing else is read: no appsettings.json from the working directory.
/// </summary>
public static class GarageConfiguration
{
    public const string EnvironmentPrefix = "GARAGEORLEANS_";

    public static void Apply(IConfigurationBuilder configuration, string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        configuration.Sources.Clear();
        var file = ConfigFileArgument(args);
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"configuration file not found: {file}", file);
            }

            configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(RemoveConfigArgument(args));
        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    private static string? ConfigFileArgument(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config")
            {
                return i + 1 < args.Length ? args[i + 1] : throw new ArgumentException("--config needs a file name");
            }

            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                return args[i]["--config=".Length..];
            }
        }

        return null;
    }

    private static string[] RemoveConfigArgument(string[] args)
    {
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config")
            {
                i++;
                continue;
            }

            if (!args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }
}
