namespace GarageOrleans.Cli;

/// <summary>
/// The command line split into global options (accepted anywhere: before or after the subcommand), positional words
/// and command options. Hand-written rather than System.CommandLine to keep start-up and the binary small; the
/// grammar is tiny: <c>--name value</c> or <c>--name=value</c> for options that take a value, <c>--flag</c> for the
/// rest, and <c>--</c> ends options (for names that start with '-'). The few single-letter options Garage's layout
/// commands use (<c>-z -c -g -r</c>) are kept under their short name; a command that accepts one reads it with
/// <see cref="Value(string, string)"/>, since <c>-z</c> means a zone in <c>layout assign</c> and the zone redundancy
/// in <c>layout config</c>.
/// </summary>
internal sealed class CommandLine
{
    public const string DefaultAdminUrl = "http://127.0.0.1:3903";

    /// <summary>Options that take a value; every other <c>--x</c> is a boolean flag.</summary>
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "--admin", "--token", "--key", "--name", "--zone", "--capacity", "--replication-factor", "--zone-redundancy",
        "--version", "-z", "-c", "-r",
    };

    /// <summary>The single-letter options (besides <c>-h</c>); anything else starting with one dash is unknown.</summary>
    private static readonly HashSet<string> ShortOptions = new(StringComparer.Ordinal) { "-z", "-c", "-r", "-g" };

    public string AdminUrl { get; private set; } = DefaultAdminUrl;

    public string? Token { get; private set; }

    public bool Json { get; private set; }

    public bool Help { get; private set; }

    public List<string> Words { get; } = [];

    /// <summary>Command options by name (with the dashes); boolean flags map to null.</summary>
    public Dictionary<string, string?> Options { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>; throws a usage <see cref="CliException"/> on a malformed line.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                line.Words.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (arg == "-h")
            {
                arg = "--help";
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) && !ShortOptions.Contains(arg))
            {
                throw CliException.Usage($"Unknown option '{arg}'.");
            }

            string name;
            string? value = null;
            var eq = arg.IndexOf('=');
            if (eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
                if (!ValueOptions.Contains(name))
                {
                    throw CliException.Usage($"Option '{name}' takes no value.");
                }
            }
            else
            {
                name = arg;
                if (ValueOptions.Contains(name))
                {
                    if (i + 1 >= args.Count)
                    {
                        throw CliException.Usage($"Option '{name}' needs a value.");
                    }

                    value = args[++i];
                }
            }

            switch (name)
            {
                case "--admin":
                    line.AdminUrl = value!;
                    break;
                case "--token":
                    line.Token = value;
                    break;
                case "--json":
                    line.Json = true;
                    break;
                case "--help":
                    line.Help = true;
                    break;
                default:
                    if (!line.Options.TryAdd(name, value))
                    {
                        throw CliException.Usage($"Option '{name}' is given twice.");
                    }

                    break;
            }
        }

        return line;
    }

    public bool Has(string flag) => Options.ContainsKey(flag);

    /// <summary>The value of an option given in its short or its long form; a usage error when both are given.</summary>
    public string? Value(string shortName, string longName)
    {
        var hasShort = Options.TryGetValue(shortName, out var fromShort);
        var hasLong = Options.TryGetValue(longName, out var fromLong);
        if (hasShort && hasLong)
        {
            throw CliException.Usage($"Give {shortName} or {longName}, not both.");
        }

        return hasShort ? fromShort : fromLong;
    }

    /// <summary>Fails with a usage error when an option is not one the command accepts.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var name in Options.Keys)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw CliException.Usage($"Unknown option '{name}' for '{string.Join(' ', Words.Take(2))}'.");
            }
        }
    }

    /// <summary>The positional arguments after the command words, checked for count.</summary>
    public IReadOnlyList<string> Arguments(int commandWords, int count, string usage)
    {
        var rest = Words.Skip(commandWords).ToList();
        if (rest.Count != count)
        {
            throw CliException.Usage(rest.Count < count ? $"Missing argument. Usage: {usage}" : $"Too many arguments. Usage: {usage}");
        }

        return rest;
    }
}
