using System.Buffers;

namespace GarageOrleans.Primitives;

/// <summary>
/// Fluent builder of a composite key in the <see cref="KeyEncoding"/> format:
/// <c>new KeyBuilder().AppendHash32(bucket.Value).AppendString(key).ToArray()</c>. Not thread-safe; reusable after
/// <see cref="Clear"/>.
/// </summary>
public sealed class KeyBuilder
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public KeyBuilder(int initialCapacity = 64) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Appends bytes as they are, unescaped: only for a fixed-width head or a prefix already encoded.</summary>
    public KeyBuilder AppendRaw(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public KeyBuilder AppendString(string value)
    {
        KeyEncoding.AppendString(_buffer, value);
        return this;
    }

    public KeyBuilder AppendBytes(ReadOnlySpan<byte> value)
    {
        KeyEncoding.AppendBytes(_buffer, value);
        return this;
    }

    public KeyBuilder AppendUInt32(uint value)
    {
        KeyEncoding.AppendUInt32BE(_buffer, value);
        return this;
    }

    public KeyBuilder AppendUInt64(ulong value)
    {
        KeyEncoding.AppendUInt64BE(_buffer, value);
        return this;
    }

    public KeyBuilder AppendHash32(Hash32 value)
    {
        KeyEncoding.AppendHash32(_buffer, value);
        return this;
    }

    public KeyBuilder AppendHash32(ReadOnlySpan<byte> hash)
    {
        KeyEncoding.AppendHash32(_buffer, hash);
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Clear() => _buffer.ResetWrittenCount();
}
