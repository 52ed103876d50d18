using System.Globalization;

namespace GarageOrleans.Cli;

/// <summary>
/// Capacities as an operator types them for <c>layout assign -c</c>: a number, optionally with a fraction, then an
/// optional unit K, M, G, T or P (with or without B / iB), all binary multiples, the same as the server's
/// <c>Node:Capacity</c> (so <c>-c 1T</c> and <c>"Capacity": "1T"</c> mean the same bytes). A bare number is bytes.
/// </summary>
internal static class Capacity
{
    public static long Parse(string text)
    {
        var s = text.Trim();
        var numberLength = 0;
        while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
        {
            numberLength++;
        }

        var unit = s[numberLength..].Trim().ToUpperInvariant();
        var shift = unit switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 10,
            "M" or "MB" or "MIB" => 20,
            "G" or "GB" or "GIB" => 30,
            "T" or "TB" or "TIB" => 40,
            "P" or "PB" or "PIB" => 50,
            _ => -1,
        };
        if (shift < 0
            || !decimal.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || number <= 0)
        {
            throw CliException.Usage($"'{text}' is not a capacity (examples: 500G, 1.5T, 2T, 1073741824).");
        }

        try
        {
            var bytes = decimal.Floor(number * (1L << shift));
            return bytes >= 1 ? decimal.ToInt64(bytes) : throw CliException.Usage($"'{text}' is less than one byte.");
        }
        catch (OverflowException)
        {
            throw CliException.Usage($"'{text}' is too large a capacity.");
        }
    }
}
