using System.Globalization;
using System.Text;

namespace GarageOrleans.S3.Tests.Fuzz;

/// <summary>
/// Structured random inputs from one seed: valid examples mutated the ways hostile clients break them (flipped and
/// inserted bytes, truncation, duplication, huge and negative numbers, unicode, control characters, percent-encoding
/// errors). Same seed, same sequence, so a failure printed with its seed is reproduced by running that seed again.
/// </summary>
internal sealed class Mutator(int seed)
{
    /// <summary>Fragments that parsers of numbers, text and URLs tend to trip on.</summary>
    private static readonly string[] Nasty =
    [
        "", "0", "-1", "-0", "+1", "1e3", "0x10", "99999999999999999999", "18446744073709551616", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "2147483648", "4294967296", "00000000000000000001", " ", "\t",
        "\r\n", "\n", "\r", "\0", "\u0001", "\u007f", "%", "%z", "%zz", "%00", "%0d%0a", "%C0%AF", "%FF", "%E2%82",
        "%25", "+", "&", "=", "==", "?", "/", "//", "..", "../", "./", "\\", ";", ",", ":", "\"", "'", "<", ">",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "]]>", "é", "日本", "\uD800", "\uDFFF",
        "\uFFFE", "\uFFFF", "\U0001F600", "\u202E", "null", "true", "NaN", "bytes=", "-", "*",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public int Next(int max) => _random.Next(max);

    public bool Chance(int percent) => _random.Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string NastyPiece() => Pick(Nasty);

    /// <summary>A number-like string: in range, at the edges, or absurd.</summary>
    public string Number() => Next(4) switch
    {
        0 => Next(10001).ToString(CultureInfo.InvariantCulture),
        1 => _random.NextInt64().ToString(CultureInfo.InvariantCulture),
        2 => (-_random.Next()).ToString(CultureInfo.InvariantCulture),
        _ => NastyPiece(),
    };

    /// <summary>Zero to several mutations of <paramref name="valid"/>.</summary>
    public string Mutate(string valid)
    {
        var s = new StringBuilder(valid);
        var rounds = Next(4);
        for (var i = 0; i < rounds; i++)
        {
            var at = s.Length == 0 ? 0 : Next(s.Length + 1);
            switch (Next(8))
            {
                case 0:
                    s.Insert(at, NastyPiece());
                    break;
                case 1 when s.Length > 0:
                    s.Length = Next(s.Length);
                    break;
                case 2 when s.Length > 0:
                    var start = Next(s.Length);
                    var length = Next(s.Length - start) + 1;
                    s.Insert(start, s.ToString(start, length));
                    break;
                case 3 when at < s.Length:
                    s[at] = (char)Next(0x80);
                    break;
                case 4 when at < s.Length:
                    s.Remove(at, Math.Min(Next(8) + 1, s.Length - at));
                    break;
                case 5:
                    s.Insert(at, Number());
                    break;
                case 6 when at < s.Length:
                    s[at] = (char)Next(0x10000);
                    break;
                default:
                    s.Insert(at, (char)Next(0x20));
                    break;
            }
        }

        return s.ToString();
    }

    /// <summary>Zero to several byte-level mutations of <paramref name="valid"/>.</summary>
    public byte[] Mutate(byte[] valid)
    {
        var bytes = new List<byte>(valid);
        var rounds = Next(4);
        for (var i = 0; i < rounds; i++)
        {
            var at = bytes.Count == 0 ? 0 : Next(bytes.Count + 1);
            switch (Next(6))
            {
                case 0 when at < bytes.Count:
                    bytes[at] ^= (byte)(1 << Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(Next(bytes.Count), 1);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at == bytes.Count ? at - 1 : at, bytes.Count - (at == bytes.Count ? at - 1 : at));
                    break;
                case 3 when bytes.Count > 0:
                    var start = Next(bytes.Count);
                    var length = Math.Min(Next(64) + 1, bytes.Count - start);
                    bytes.InsertRange(start, bytes.GetRange(start, length));
                    break;
                case 4:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Mutate(NastyPiece())));
                    break;
                default:
                    bytes.Insert(at, (byte)Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>The input, escaped so a failure message shows every control character and byte.</summary>
    public static string Show(string value)
    {
        var s = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            s.Append(c is < ' ' or (> '~' and < '\u00a0') or (>= '\ud800' and <= '\udfff') ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return s.Append('"').ToString();
    }

    public static string Show(byte[] value) => Convert.ToHexString(value);
}
