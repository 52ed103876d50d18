using System.Text;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// encoding-type=url for listings: every byte of the UTF-8 form except unreserved characters and '/' is
/// percent-encoded (space as %20, '+' as %2B), which both unquote and unquote_plus decoders (botocore, AWSSDK) read back
/// exactly.
/// </summary>
internal static class S3UrlEncoding
{
    public static string Encode(string value)
    {
        var i = 0;
        while (i < value.Length && IsKept(value[i]))
        {
            i++;
        }

        if (i == value.Length)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 16);
        sb.Append(value, 0, i);
        Span<byte> utf8 = stackalloc byte[4];
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (IsKept(c))
            {
                sb.Append(c);
                continue;
            }

            var chars = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? value.AsSpan(i++, 2)
                : value.AsSpan(i, 1);
            var n = Encoding.UTF8.GetBytes(chars, utf8);
            for (var b = 0; b < n; b++)
            {
                sb.Append('%').Append(HexUpper[utf8[b] >> 4]).Append(HexUpper[utf8[b] & 0xF]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Applies <see cref="Encode"/> only when the client asked for encoding-type=url.</summary>
    public static string? EncodeIf(bool enabled, string? value) => enabled && value is not null ? Encode(value) : value;

    private const string HexUpper = "0123456789ABCDEF";

    private static bool IsKept(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' or '/';
}
