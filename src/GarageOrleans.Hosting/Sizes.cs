using System.Globalization;

namespace GarageOrleans.Hosting;

/// <summary>Capacities ("100G", "2T", bytes) and durations ("10m", "30s", "2h").</summary>
internal static class Sizes
{
    public static long ParseLong(string key, string value)
    {
        var s = value.Trim();
        var unit = s.TrimStart("0123456789".ToCharArray());
        var number = s[..^unit.Length];
        long multiplier = unit.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            "T" or "TB" or "TIB" => 1L << 40,
            _ => -1,
        };
        if (multiplier < 0 || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            throw new InvalidOperationException($"{key}: '{value}' is not a size (examples: 1M, 512K, 10G, 1048576)");
        }

        return checked(n * multiplier);
    }

    public static TimeSpan ParseDuration(string key, string value)
    {
        var s = value.Trim();
        var unit = s.TrimStart("0123456789".ToCharArray());
        var number = s[..^unit.Length];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new InvalidOperationException($"{key}: '{value}' is not a duration (examples: 10m, 30s, 2h)");
        }

        return unit switch
        {
            "" or "s" => TimeSpan.FromSeconds(n),
            "ms" => TimeSpan.FromMilliseconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => throw new InvalidOperationException($"{key}: '{value}' is not a duration (examples: 10m, 30s, 2h)"),
        };
    }
}
