using System.Diagnostics.CodeAnalysis;

namespace GarageOrleans.Cluster;

/// <summary>The configuration spelling of <see cref="ConsistencyMode"/> (<c>Cluster:ConsistencyMode</c>).</summary>
public static class ConsistencyModes
{
    /// <summary>Accepts "consistent", "degraded" and "dangerous", in any case, surrounding spaces ignored.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ConsistencyMode mode)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "consistent":
                mode = ConsistencyMode.Consistent;
                return true;
            case "degraded":
                mode = ConsistencyMode.Degraded;
                return true;
            case "dangerous":
                mode = ConsistencyMode.Dangerous;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <exception cref="FormatException">The value is not one of the three modes.</exception>
    public static ConsistencyMode Parse(string? value) => TryParse(value, out var mode)
        ? mode
        : throw new FormatException($"consistency mode must be \"consistent\", \"degraded\" or \"dangerous\", got \"{value}\"");

    /// <summary>The configuration spelling: "consistent", "degraded" or "dangerous".</summary>
    public static string ToConfigString(this ConsistencyMode mode) => mode switch
    {
        ConsistencyMode.Consistent => "consistent",
        ConsistencyMode.Degraded => "degraded",
        ConsistencyMode.Dangerous => "dangerous",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
