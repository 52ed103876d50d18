namespace GarageOrleans.Cli;

/// <summary>
/// What the CLI touches outside itself: its two output streams, environment variables and the working directory
/// (where <c>./data/meta/admin-token</c> is looked for). Tests pass their own.
/// </summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable, string WorkingDirectory)
{
    public static CliConsole System => new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Environment.CurrentDirectory);
}
