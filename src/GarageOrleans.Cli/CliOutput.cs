using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GarageOrleans.Cli;

/// <summary>
/// Writes a command's result: as one JSON document (--json) or as text for people. Commands call exactly one of
/// <see cref="Json{T}"/> or the text methods, guarded by <see cref="IsJson"/>, so --json output stays one document.
/// </summary>
internal sealed class CliOutput(TextWriter writer, bool json)
{
    public bool IsJson => json;

    public void Json<T>(T value, JsonTypeInfo<T> info) => writer.WriteLine(JsonSerializer.Serialize(value, info));

    public void Line(string text = "") => writer.WriteLine(text);

    /// <summary>An aligned table in Garage's style: upper-case headers, two spaces between columns.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, c) => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, c) => c == row.Count - 1 ? cell : cell.PadRight(widths[c]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    public static string Bytes(long? bytes)
    {
        if (bytes is not long b)
        {
            return "-";
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = b;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{b} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Permissions(bool read, bool write, bool owner) =>
        $"{(read ? 'R' : '-')}{(write ? 'W' : '-')}{(owner ? 'O' : '-')}";
}
