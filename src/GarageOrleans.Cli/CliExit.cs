namespace GarageOrleans.Cli;

/// <summary>Exit codes: scripts rely on them (DESIGN §8).</summary>
internal static class CliExit
{
    public const int Ok = 0;

    /// <summary>The server refused or failed the call, could not be reached, or the command is not implemented yet.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: unknown command or flag, missing argument, missing --yes.</summary>
    public const int Usage = 2;
}
