using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GarageOrleans.Primitives;

/// <summary>
/// 32 opaque bytes: the representation behind <see cref="BlockHash"/>, <see cref="VersionId"/>, <see cref="BucketId"/>
/// and <see cref="NodeId"/> (Garage's FixedBytes32). Stored as four big-endian words so that the natural ordering of
/// the struct equals the byte-wise ordering of its encoding; <see cref="ToString"/> prints 8 bytes only, for logs.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Hash32 : IComparable<Hash32>
{
    public const int Size = 32;

    [Id(0)] public readonly ulong W0;
    [Id(1)] public readonly ulong W1;
    [Id(2)] public readonly ulong W2;
    [Id(3)] public readonly ulong W3;

    public Hash32(ulong w0, ulong w1, ulong w2, ulong w3) => (W0, W1, W2, W3) = (w0, w1, w2, w3);

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"expected {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        W0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        W1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        W2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        W3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The partition of a 32-byte key is its first byte: a 32-byte key is its own hash (DESIGN §3).</summary>
    public byte FirstByte => (byte)(W0 >> 56);

    public static Hash32 Random()
    {
        Span<byte> b = stackalloc byte[Size];
        RandomNumberGenerator.Fill(b);
        return new Hash32(b);
    }

    /// <summary>SHA-256 of <paramref name="data"/> (hardware accelerated on x64 and arm64; see docs/block-hash.md).</summary>
    public static Hash32 Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> b = stackalloc byte[Size];
        SHA256.HashData(data, b);
        return new Hash32(b);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    public byte[] ToArray()
    {
        var b = new byte[Size];
        WriteTo(b);
        return b;
    }

    public string ToHex()
    {
        Span<byte> b = stackalloc byte[Size];
        WriteTo(b);
        return Convert.ToHexStringLower(b);
    }

    public static Hash32 ParseHex(string hex)
    {
        if (!TryParseHex(hex, out var value))
        {
            throw new FormatException("expected 64 hexadecimal characters");
        }

        return value;
    }

    public static bool TryParseHex(string? hex, out Hash32 value)
    {
        value = default;
        if (hex is null || hex.Length != Size * 2)
        {
            return false;
        }

        Span<byte> b = stackalloc byte[Size];
        if (Convert.FromHexString(hex, b, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            return false;
        }

        value = new Hash32(b);
        return true;
    }

    public int CompareTo(Hash32 other)
    {
        var c = W0.CompareTo(other.W0);
        if (c != 0) return c;
        c = W1.CompareTo(other.W1);
        if (c != 0) return c;
        c = W2.CompareTo(other.W2);
        return c != 0 ? c : W3.CompareTo(other.W3);
    }

    /// <summary>First 8 bytes in hex: enough to tell hashes apart in a log, short enough to read.</summary>
    public override string ToString() => W0.ToString("x16");
}
