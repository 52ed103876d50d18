using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GarageOrleans.Primitives;

/// <summary>
/// Order-preserving encoding of composite keys: the byte-wise (memcmp) order of encoded keys equals the order of the
/// tuples they encode, component by component. This is an on-disk format (DESIGN §3): changing it needs a migration.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Strings are UTF-8 (so they order by code point, the order S3 listings use) and byte strings are raw; in both,
/// 0x00 is written 0x00 0xFF and the end is marked 0x00 0x01. A shorter string therefore sorts before its extensions
/// ("a" &lt; "a\0" &lt; "ab") whatever follows it, and the encoding of a prefix is a byte prefix of the encoding of
/// every longer string, which is what <see cref="StringPrefixRange"/> relies on.</item>
/// <item>Integers are fixed-width big-endian; a <see cref="Hash32"/> is its 32 bytes.</item>
/// <item>Strings must be valid UTF-16 (no lone surrogates): a key that cannot round-trip is refused.</item>
/// </list>
/// </remarks>
public static class KeyEncoding
{
    /// <summary>Marks an escaped 0x00 (0x00 0xFF) or, followed by <see cref="TerminatorByte"/>, the end of a string.</summary>
    public const byte EscapeByte = 0x00;

    public const byte EscapedZeroByte = 0xFF;

    public const byte TerminatorByte = 0x01;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void AppendString(IBufferWriter<byte> writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var rented = Utf8(value, out var utf8);
        try
        {
            AppendBytes(writer, utf8);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static void AppendBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = EscapedLength(value) + 2;
        var span = writer.GetSpan(length);
        var written = WriteEscaped(value, span);
        span[written] = EscapeByte;
        span[written + 1] = TerminatorByte;
        writer.Advance(length);
    }

    public static void AppendUInt32BE(IBufferWriter<byte> writer, uint value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteUInt32BigEndian(writer.GetSpan(sizeof(uint)), value);
        writer.Advance(sizeof(uint));
    }

    public static void AppendUInt64BE(IBufferWriter<byte> writer, ulong value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteUInt64BigEndian(writer.GetSpan(sizeof(ulong)), value);
        writer.Advance(sizeof(ulong));
    }

    public static void AppendHash32(IBufferWriter<byte> writer, Hash32 value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        value.WriteTo(writer.GetSpan(Hash32.Size));
        writer.Advance(Hash32.Size);
    }

    /// <summary>Appends exactly 32 bytes (a hash or id that is already bytes).</summary>
    public static void AppendHash32(IBufferWriter<byte> writer, ReadOnlySpan<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (hash.Length != Hash32.Size)
        {
            throw new ArgumentException($"expected {Hash32.Size} bytes, got {hash.Length}", nameof(hash));
        }

        writer.Write(hash);
    }

    /// <summary>The encoding of one string component on its own.</summary>
    public static byte[] EncodeString(string value)
    {
        var writer = new ArrayBufferWriter<byte>(value.Length + 8);
        AppendString(writer, value);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a string component and advances <paramref name="source"/> past it.</summary>
    public static string ReadString(ref ReadOnlySpan<byte> source)
    {
        var rented = ReadEscaped(ref source, out var length);
        try
        {
            return StrictUtf8.GetString(rented.AsSpan(0, length));
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException("string component is not valid UTF-8", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads a byte-string component and advances <paramref name="source"/> past it.</summary>
    public static byte[] ReadBytes(ref ReadOnlySpan<byte> source)
    {
        var rented = ReadEscaped(ref source, out var length);
        var result = rented.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(rented);
        return result;
    }

    public static uint ReadUInt32BE(ref ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt32BigEndian(Take(ref source, sizeof(uint)));

    public static ulong ReadUInt64BE(ref ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt64BigEndian(Take(ref source, sizeof(ulong)));

    public static Hash32 ReadHash32(ref ReadOnlySpan<byte> source) => new(Take(ref source, Hash32.Size));

    /// <summary>
    /// The key range [Start, End) holding exactly the keys <c>head + encoded(s) + anything</c> for the strings
    /// <c>s</c> that start with <paramref name="prefix"/> (ListObjects with a prefix). End is null when unbounded.
    /// </summary>
    public static (byte[] Start, byte[]? End) StringPrefixRange(ReadOnlySpan<byte> head, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var rented = Utf8(prefix, out var utf8);
        try
        {
            var start = new byte[head.Length + EscapedLength(utf8)];
            head.CopyTo(start);
            WriteEscaped(utf8, start.AsSpan(head.Length));
            return (start, PrefixEnd(start));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/>; null if none.</summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        var i = prefix.LastIndexOfAnyExcept((byte)0xFF);
        if (i < 0)
        {
            return null;
        }

        var end = prefix[..(i + 1)].ToArray();
        end[i]++;
        return end;
    }

    private static byte[] Utf8(string value, out ReadOnlySpan<byte> utf8)
    {
        int count;
        try
        {
            count = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("key strings must be valid UTF-16 (no lone surrogates)", nameof(value), e);
        }

        var rented = ArrayPool<byte>.Shared.Rent(count);
        var written = StrictUtf8.GetBytes(value, rented);
        utf8 = rented.AsSpan(0, written);
        return rented;
    }

    private static int EscapedLength(ReadOnlySpan<byte> value) => value.Length + value.Count(EscapeByte);

    private static int WriteEscaped(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var written = 0;
        while (true)
        {
            var zero = value.IndexOf(EscapeByte);
            if (zero < 0)
            {
                value.CopyTo(destination[written..]);
                return written + value.Length;
            }

            value[..zero].CopyTo(destination[written..]);
            written += zero;
            destination[written++] = EscapeByte;
            destination[written++] = EscapedZeroByte;
            value = value[(zero + 1)..];
        }
    }

    /// <summary>Unescapes one component into a rented buffer the caller returns.</summary>
    private static byte[] ReadEscaped(ref ReadOnlySpan<byte> source, out int length)
    {
        var rented = ArrayPool<byte>.Shared.Rent(source.Length);
        length = 0;
        var rest = source;
        while (true)
        {
            var zero = rest.IndexOf(EscapeByte);
            if (zero < 0 || zero + 1 >= rest.Length)
            {
                ArrayPool<byte>.Shared.Return(rented);
                throw new FormatException("unterminated string or bytes component");
            }

            rest[..zero].CopyTo(rented.AsSpan(length));
            length += zero;
            var marker = rest[zero + 1];
            rest = rest[(zero + 2)..];
            if (marker == TerminatorByte)
            {
                source = rest;
                return rented;
            }

            if (marker != EscapedZeroByte)
            {
                ArrayPool<byte>.Shared.Return(rented);
                throw new FormatException($"invalid escape 0x00 0x{marker:x2} in key component");
            }

            rented[length++] = 0;
        }
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> source, int length)
    {
        if (source.Length < length)
        {
            throw new FormatException($"key component needs {length} bytes, {source.Length} left");
        }

        var taken = source[..length];
        source = source[length..];
        return taken;
    }
}
