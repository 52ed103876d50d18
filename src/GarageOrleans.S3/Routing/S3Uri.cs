using System.Buffers;
using System.Text;

namespace GarageOrleans.S3.Routing;

/// <summary>Percent-decoding of raw request targets and AWS URI encoding (RFC 3986 unreserved set kept).</summary>
internal static class S3Uri
{
    private const int StackLimitBytes = 512;

    private static readonly SearchValues<char> DecodeTriggers = SearchValues.Create("%+");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes %XX escapes and then UTF-8. <paramref name="plusIsSpace"/> is true for query strings only: in a
    /// path, <c>+</c> is a literal plus. Returns false on a bad escape or invalid UTF-8.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> raw, bool plusIsSpace, out string decoded)
    {
        var first = plusIsSpace ? raw.IndexOfAny(DecodeTriggers) : raw.IndexOf('%');
        if (first < 0)
        {
            decoded = raw.ToString();
            return true;
        }

        byte[]? rented = null;
        var maxBytes = raw.Length * 3;
        var bytes = maxBytes <= StackLimitBytes ? stackalloc byte[StackLimitBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var n = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '%')
                {
                    if (i + 2 >= raw.Length || !TryHex(raw[i + 1], out var hi) || !TryHex(raw[i + 2], out var lo))
                    {
                        decoded = string.Empty;
                        return false;
                    }

                    bytes[n++] = (byte)((hi << 4) | lo);
                    i += 2;
                }
                else if (c == '+' && plusIsSpace)
                {
                    bytes[n++] = (byte)' ';
                }
                else if (c < 0x80)
                {
                    bytes[n++] = (byte)c;
                }
                else
                {
                    // A raw non-ASCII character (Kestrel may pass UTF-8 through): keep it as its UTF-8 bytes.
                    n += Encoding.UTF8.GetBytes(raw.Slice(i, char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1), bytes[n..]);
                    if (char.IsHighSurrogate(c))
                    {
                        i++;
                    }
                }
            }

            try
            {
                decoded = StrictUtf8.GetString(bytes[..n]);
                return true;
            }
            catch (DecoderFallbackException)
            {
                decoded = string.Empty;
                return false;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }

    public static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    /// <summary>
    /// Splits a raw request target into its path and query. An absolute-form target (<c>http://host/p</c>) is
    /// reduced to its path; an empty path becomes <c>/</c>.
    /// </summary>
    public static (string Path, string Query) SplitTarget(string rawTarget)
    {
        var target = rawTarget.AsSpan();
        if (target.Length > 0 && target[0] != '/')
        {
            var scheme = target.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                var afterAuthority = target[(scheme + 3)..];
                var slash = afterAuthority.IndexOfAny('/', '?');
                target = slash < 0 ? "/" : afterAuthority[slash..];
            }
        }

        var q = target.IndexOf('?');
        var path = q < 0 ? target : target[..q];
        var query = q < 0 ? [] : target[(q + 1)..];
        return (path.IsEmpty || path[0] != '/' ? "/" + path.ToString() : path.ToString(), query.ToString());
    }
}
