using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// CRC-32C (Castagnoli), which System.IO.Hashing lacks. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the
/// SSE4.2 / ARMv8 instruction when present and a table otherwise; it computes the raw CRC step without the initial
/// and final inversion, which are applied here.
/// </summary>
internal static class Crc32C
{
    public const uint Initial = 0xFFFFFFFFu;

    /// <summary>Feeds <paramref name="data"/> into a running (not yet finalised) CRC state.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words)
        {
            // The CRC is defined over bytes in order; on a big-endian host the word must be swapped first.
            state = BitOperations.Crc32C(state, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }

    public static uint Finish(uint state) => ~state;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Initial, data));
}
