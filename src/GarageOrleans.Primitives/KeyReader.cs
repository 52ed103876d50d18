namespace GarageOrleans.Primitives;

/// <summary>
/// Reads the components of a <see cref="KeyEncoding"/> key in the order they were written; a malformed or truncated
/// key throws <see cref="FormatException"/>.
/// </summary>
public ref struct KeyReader
{
    private ReadOnlySpan<byte> _rest;

    public KeyReader(ReadOnlySpan<byte> key) => _rest = key;

    public readonly bool IsEnd => _rest.IsEmpty;

    public readonly ReadOnlySpan<byte> Remaining => _rest;

    public string ReadString() => KeyEncoding.ReadString(ref _rest);

    public byte[] ReadBytes() => KeyEncoding.ReadBytes(ref _rest);

    public uint ReadUInt32() => KeyEncoding.ReadUInt32BE(ref _rest);

    public ulong ReadUInt64() => KeyEncoding.ReadUInt64BE(ref _rest);

    public Hash32 ReadHash32() => KeyEncoding.ReadHash32(ref _rest);

    /// <summary>Takes <paramref name="length"/> bytes as they are (the counterpart of <see cref="KeyBuilder.AppendRaw"/>).</summary>
    public ReadOnlySpan<byte> ReadRaw(int length)
    {
        if (_rest.Length < length)
        {
            throw new FormatException($"key component needs {length} bytes, {_rest.Length} left");
        }

        var taken = _rest[..length];
        _rest = _rest[length..];
        return taken;
    }
}
