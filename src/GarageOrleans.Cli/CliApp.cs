namespace GarageOrleans.Cli;

/// <summary>
/// Entry point of <c>garage-orleans</c>: parse, pick the command, run it, turn failures into a message on stderr and
/// an exit code. With <c>--json</c>, stdout receives exactly one JSON document on success and nothing on failure.
/// </summary>
internal static class CliApp
{
    /// <summary>The same variable the server binds to Admin:Token (DESIGN §8).</summary>
    public const string TokenVariable = "GARAGEORLEANS_Admin__Token";

    /// <summary>Where a zero-config node started in this directory keeps its generated token.</summary>
    public const string TokenFile = "data/meta/admin-token";

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args);
        }
        catch (CliException e)
        {
            return Fail(console, e);
        }

        if (line.Help || line.Words.Count == 0 || line.Words[0] == "help")
        {
            var topic = line.Words.Count > 0 && line.Words[0] == "help" ? line.Words.Skip(1).ToList() : line.Words;
            var text = HelpText.For(topic);
            if (line.Words.Count == 0 && !line.Help)
            {
                // No command at all is a usage error, as with any CLI a script might call by mistake.
                console.Error.Write(text);
                return CliExit.Usage;
            }

            console.Out.Write(text);
            return CliExit.Ok;
        }

        try
        {
            var command = Commands.Find(line);
            using var client = new AdminClient(line.AdminUrl, ResolveToken(line, console));
            var output = new CliOutput(console.Out, line.Json);
            return await command(line, client, output);
        }
        catch (CliException e)
        {
            return Fail(console, e);
        }
    }

    /// <summary>--token, then the environment variable, then the token file of a node started in this directory.</summary>
    internal static string? ResolveToken(CommandLine line, CliConsole console)
    {
        if (!string.IsNullOrEmpty(line.Token))
        {
            return line.Token;
        }

        if (console.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        var path = Path.Combine(console.WorkingDirectory, TokenFile);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // The file is owner-only: another user simply has no token from it.
            return null;
        }
    }

    private static int Fail(CliConsole console, CliException e)
    {
        console.Error.WriteLine($"error: {e.Message}");
        if (e.ExitCode == CliExit.Usage)
        {
            console.Error.WriteLine("Run 'garage-orleans --help' for usage.");
        }

        return e.ExitCode;
    }
}
