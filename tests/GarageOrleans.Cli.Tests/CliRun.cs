namespace GarageOrleans.Cli.Tests;

/// <summary>The outcome of one in-process run of the CLI.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs <c>garage-orleans args</c> with its own streams, environment and working directory.</summary>
    public static async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(
            stdout,
            stderr,
            name => env is not null && env.TryGetValue(name, out var v) ? v : null,
            workingDirectory ?? Path.Combine(Path.GetTempPath(), "go-cli-no-such-dir"));
        var code = await CliApp.RunAsync(args, console);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
