using System.Security.Cryptography;
using System.Text;

namespace GarageOrleans.S3.Auth;

/// <summary>The HMAC chain and hex helpers of SigV4; everything on spans, nothing allocated per call.</summary>
internal static class SigV4Crypto
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Service = "s3";
    public const string Terminator = "aws4_request";

    /// <summary>Hex SHA-256 of the empty string: the payload hash of a body-less request and of every chunk's "previous" line.</summary>
    public const string EmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public const int HashSize = 32;

    public const int HexHashSize = 64;

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"), "aws4_request").</summary>
    public static byte[] DeriveSigningKey(string secret, ReadOnlySpan<char> date, ReadOnlySpan<char> region)
    {
        Span<byte> keyBuffer = stackalloc byte[256];
        var secretBytes = 4 + Encoding.UTF8.GetByteCount(secret);
        byte[]? large = secretBytes > keyBuffer.Length ? new byte[secretBytes] : null;
        var key = large is null ? keyBuffer[..secretBytes] : large;
        "AWS4"u8.CopyTo(key);
        Encoding.UTF8.GetBytes(secret, key[4..]);

        Span<byte> data = stackalloc byte[128];
        Span<byte> a = stackalloc byte[HashSize];
        Span<byte> b = stackalloc byte[HashSize];
        HMACSHA256.HashData(key, Ascii(date, data), a);
        CryptographicOperations.ZeroMemory(key);
        HMACSHA256.HashData(a, Ascii(region, data), b);
        HMACSHA256.HashData(b, "s3"u8, a);
        var signingKey = new byte[HashSize];
        HMACSHA256.HashData(a, "aws4_request"u8, signingKey);
        return signingKey;
    }

    public static void WriteHexLower(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            destination[(2 * i) + 1] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
        }
    }

    /// <summary>Decodes exactly <c>destination.Length * 2</c> hex characters (either case).</summary>
    public static bool TryParseHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            if (!Routing.S3Uri.TryHex(hex[2 * i], out var hi) || !Routing.S3Uri.TryHex(hex[(2 * i) + 1], out var lo))
            {
                return false;
            }

            destination[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    public static bool TryParseHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            if (!Routing.S3Uri.TryHex((char)hex[2 * i], out var hi) || !Routing.S3Uri.TryHex((char)hex[(2 * i) + 1], out var lo))
            {
                return false;
            }

            destination[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    private static ReadOnlySpan<byte> Ascii(ReadOnlySpan<char> text, Span<byte> buffer)
    {
        var n = Encoding.UTF8.GetBytes(text, buffer);
        return buffer[..n];
    }
}
