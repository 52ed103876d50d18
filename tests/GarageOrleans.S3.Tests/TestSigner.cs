using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GarageOrleans.S3.Tests;

/// <summary>
/// A deliberately plain SigV4 signer written from the AWS specification, independent of the code under test, so
/// that verify(sign(x)) checks two readings of the spec against each other.
/// </summary>
internal static class TestSigner
{
    public const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static byte[] SigningKey(string secret, string date, string region)
    {
        var k = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        k = Hmac(k, region);
        k = Hmac(k, "s3");
        return Hmac(k, "aws4_request");
    }

    public static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static string Sha256Hex(byte[] data) => Hex(SHA256.HashData(data));

    /// <summary>RFC 3986 encoding of a decoded string, every byte but the unreserved set escaped.</summary>
    public static string Encode(string value, bool keepSlash = false)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Returns (signature, Authorization header value). <paramref name="canonicalUri"/> is already encoded.</summary>
    public static (string Signature, string Authorization) SignHeaders(
        string method,
        string canonicalUri,
        IEnumerable<(string Name, string Value)> decodedQuery,
        IReadOnlyDictionary<string, string> headers,
        string payloadHash,
        string accessKey,
        string secret,
        string region,
        DateTime time)
    {
        var timestamp = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = timestamp[..8];
        var names = headers.Keys.Select(k => k.ToLowerInvariant()).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var signedHeaders = string.Join(';', names);
        var canonicalHeaders = string.Concat(names.Select(n => n + ":" + headers.First(h => h.Key.Equals(n, StringComparison.OrdinalIgnoreCase)).Value.Trim() + "\n"));
        var canonicalQuery = string.Join('&', decodedQuery
            .Select(p => (N: Encode(p.Name), V: Encode(p.Value)))
            .OrderBy(p => p.N, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal)
            .Select(p => p.N + "=" + p.V));
        var canonical = $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/s3/aws4_request";
        var sts = $"AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonical))}";
        var signature = Hex(HMACSHA256.HashData(SigningKey(secret, date, region), Encoding.UTF8.GetBytes(sts)));
        return (signature, $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>aws-chunked body with signed chunks (and signed trailers when <paramref name="trailers"/> is given).</summary>
    public static byte[] SignedChunks(
        byte[] payload,
        int chunkSize,
        string seedSignature,
        byte[] signingKey,
        string timestamp,
        string scope,
        IReadOnlyList<(string Name, string Value)>? trailers = null)
    {
        using var body = new MemoryStream();
        var previous = seedSignature;
        for (var offset = 0; ; offset += chunkSize)
        {
            var start = Math.Min(offset, payload.Length);
            var chunk = payload.AsSpan(start, Math.Min(chunkSize, payload.Length - start)).ToArray();
            var sts = $"AWS4-HMAC-SHA256-PAYLOAD\n{timestamp}\n{scope}\n{previous}\n{EmptyHash}\n{Sha256Hex(chunk)}";
            previous = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(sts)));
            Write(body, $"{chunk.Length:x};chunk-signature={previous}\r\n");
            body.Write(chunk);
            if (chunk.Length == 0)
            {
                break;
            }

            Write(body, "\r\n");
        }

        if (trailers is null)
        {
            Write(body, "\r\n");
            return body.ToArray();
        }

        var canonical = string.Concat(trailers.Select(t => $"{t.Name}:{t.Value}\n"));
        var trailerSts = $"AWS4-HMAC-SHA256-TRAILER\n{timestamp}\n{scope}\n{previous}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonical))}";
        var trailerSignature = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(trailerSts)));
        foreach (var (name, value) in trailers)
        {
            Write(body, $"{name}:{value}\r\n");
        }

        Write(body, $"x-amz-trailer-signature:{trailerSignature}\r\n\r\n");
        return body.ToArray();
    }

    /// <summary>aws-chunked body of STREAMING-UNSIGNED-PAYLOAD-TRAILER.</summary>
    public static byte[] UnsignedChunks(byte[] payload, int chunkSize, IReadOnlyList<(string Name, string Value)> trailers)
    {
        using var body = new MemoryStream();
        for (var offset = 0; offset < payload.Length; offset += chunkSize)
        {
            var n = Math.Min(chunkSize, payload.Length - offset);
            Write(body, $"{n:x}\r\n");
            body.Write(payload, offset, n);
            Write(body, "\r\n");
        }

        Write(body, "0\r\n");
        foreach (var (name, value) in trailers)
        {
            Write(body, $"{name}:{value}\r\n");
        }

        Write(body, "\r\n");
        return body.ToArray();
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.ASCII.GetBytes(text));
}
