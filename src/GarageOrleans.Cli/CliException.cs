namespace GarageOrleans.Cli;

/// <summary>Ends a command with a message on stderr and <see cref="ExitCode"/>; never a stack trace.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(CliExit.Usage, message);
}
