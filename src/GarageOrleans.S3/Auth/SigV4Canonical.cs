using System.Security.Cryptography;
using System.Text;
using GarageOrleans.S3.Routing;
using Microsoft.Extensions.Primitives;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// The canonical request and string to sign of SigV4, exactly as AWS defines them for S3
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
/// </summary>
internal static class SigV4Canonical
{
    public const string PresignSignatureParameter = "X-Amz-Signature";

    private const int StackBytes = 1024;

    /// <summary>
    /// Computes the request signature into <paramref name="signature"/>. When <paramref name="debug"/> is non-null
    /// (only after a mismatch) it receives the canonical request and string to sign for the error body.
    /// </summary>
    public static void ComputeSignature(
        in SigV4Input input,
        ReadOnlySpan<byte> signingKey,
        Span<byte> signature,
        StringBuilder? debug = null)
    {
        Span<byte> canonicalHash = stackalloc byte[SigV4Crypto.HashSize];
        var builder = new Utf8Builder(stackalloc byte[StackBytes]);
        try
        {
            WriteCanonicalRequest(ref builder, input);
            SHA256.HashData(builder.Written, canonicalHash);
            debug?.Append(Encoding.UTF8.GetString(builder.Written)).Append('\0');
        }
        finally
        {
            builder.Dispose();
        }

        var sts = new Utf8Builder(stackalloc byte[256]);
        try
        {
            sts.Append("AWS4-HMAC-SHA256\n"u8);
            sts.Append(input.Timestamp);
            sts.Append((byte)'\n');
            sts.Append(input.Scope);
            sts.Append((byte)'\n');
            Span<byte> hex = stackalloc byte[SigV4Crypto.HexHashSize];
            SigV4Crypto.WriteHexLower(canonicalHash, hex);
            sts.Append(hex);
            HMACSHA256.HashData(signingKey, sts.Written, signature);
            debug?.Append(Encoding.UTF8.GetString(sts.Written));
        }
        finally
        {
            sts.Dispose();
        }
    }

    public static void WriteCanonicalRequest(ref Utf8Builder b, in SigV4Input input)
    {
        b.Append(input.Method);
        b.Append((byte)'\n');
        WriteCanonicalUri(ref b, input.RawPath);
        b.Append((byte)'\n');
        WriteCanonicalQuery(ref b, input.Query, input.IsPresigned);
        b.Append((byte)'\n');
        WriteCanonicalHeaders(ref b, input.Headers, input.SignedHeaders);
        b.Append((byte)'\n');
        b.Append(input.SignedHeaders);
        b.Append((byte)'\n');
        b.Append(input.PayloadHash);
    }

    /// <summary>
    /// Each segment of the raw path is decoded, then URI-encoded once (S3 does not double-encode): the result is
    /// what an AWS signer produced from the key, whatever escaping the client chose on the wire. A decoded %2F stays
    /// %2F, since only a raw '/' separates segments.
    /// </summary>
    public static void WriteCanonicalUri(ref Utf8Builder b, ReadOnlySpan<char> rawPath)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < rawPath.Length; i++)
        {
            var c = rawPath[i];
            if (c == '/')
            {
                b.Append((byte)'/');
            }
            else if (c == '%' && i + 2 < rawPath.Length && S3Uri.TryHex(rawPath[i + 1], out var hi) && S3Uri.TryHex(rawPath[i + 2], out var lo))
            {
                b.AppendUriEncoded((byte)((hi << 4) | lo), keepSlash: false);
                i += 2;
            }
            else if (c < 0x80)
            {
                b.AppendUriEncoded((byte)c, keepSlash: false);
            }
            else
            {
                var width = char.IsHighSurrogate(c) && i + 1 < rawPath.Length ? 2 : 1;
                var n = Encoding.UTF8.GetBytes(rawPath.Slice(i, width), utf8);
                b.AppendUriEncoded(utf8[..n], keepSlash: false);
                i += width - 1;
            }
        }
    }

    /// <summary>Names and values URI-encoded, sorted by encoded name then value, joined with '&amp;'.</summary>
    public static void WriteCanonicalQuery(ref Utf8Builder b, S3Query query, bool excludeSignature)
    {
        var pairs = query.Pairs;
        if (pairs.Count == 0)
        {
            return;
        }

        var encoded = new (string Name, string Value)[pairs.Count];
        var n = 0;
        foreach (var (name, value) in pairs)
        {
            if (excludeSignature && name == PresignSignatureParameter)
            {
                continue;
            }

            encoded[n++] = (UriEncode(name), UriEncode(value));
        }

        var span = encoded.AsSpan(0, n);
        span.Sort(static (x, y) =>
        {
            var c = string.CompareOrdinal(x.Name, y.Name);
            return c != 0 ? c : string.CompareOrdinal(x.Value, y.Value);
        });
        for (var i = 0; i < span.Length; i++)
        {
            if (i > 0)
            {
                b.Append((byte)'&');
            }

            b.Append(span[i].Name);
            b.Append((byte)'=');
            b.Append(span[i].Value);
        }
    }

    /// <summary>
    /// <c>name:value\n</c> per signed header, in the order the client listed them. Values are trimmed and inner
    /// runs of spaces or tabs collapse to one space; repeated headers are joined with commas.
    /// </summary>
    public static void WriteCanonicalHeaders(ref Utf8Builder b, IHeaderDictionary headers, ReadOnlySpan<char> signedHeaders)
    {
        foreach (var range in signedHeaders.Split(';'))
        {
            var name = signedHeaders[range];
            b.Append(name);
            b.Append((byte)':');
            var values = headers.TryGetValue(name.ToString(), out var v) ? v : StringValues.Empty;
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0)
                {
                    b.Append((byte)',');
                }

                AppendCollapsed(ref b, values[i]);
            }

            b.Append((byte)'\n');
        }
    }

    /// <summary>AWS URI encoding of a decoded string (slash encoded); returns the input itself when nothing needs escaping.</summary>
    public static string UriEncode(string value)
    {
        var clean = true;
        foreach (var c in value)
        {
            if (c >= 0x80 || !S3Uri.IsUnreserved((byte)c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return value;
        }

        var builder = new Utf8Builder(stackalloc byte[256]);
        try
        {
            Span<byte> utf8 = stackalloc byte[256];
            var text = value.AsSpan();
            while (!text.IsEmpty)
            {
                var take = Math.Min(text.Length, 64);
                if (char.IsHighSurrogate(text[take - 1]) && take < text.Length)
                {
                    take++;
                }

                var n = Encoding.UTF8.GetBytes(text[..take], utf8);
                builder.AppendUriEncoded(utf8[..n], keepSlash: false);
                text = text[take..];
            }

            return Encoding.ASCII.GetString(builder.Written);
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static void AppendCollapsed(ref Utf8Builder b, string? value)
    {
        var span = value.AsSpan().Trim();
        var lastWasSpace = false;
        var runStart = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var space = span[i] is ' ' or '\t';
            if (space && lastWasSpace)
            {
                // Flush what came before this extra blank and skip it.
                b.Append(span[runStart..i]);
                runStart = i + 1;
            }
            else if (space && span[i] == '\t')
            {
                b.Append(span[runStart..i]);
                b.Append((byte)' ');
                runStart = i + 1;
            }

            lastWasSpace = space;
        }

        b.Append(span[runStart..]);
    }
}
