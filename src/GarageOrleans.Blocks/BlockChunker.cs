using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace GarageOrleans.Blocks;

/// <summary>Cuts a body into blocks, and parses the human-readable sizes of the configuration ("1M").</summary>
public static class BlockChunker
{
    /// <summary>
    /// Fills <paramref name="buffer"/> completely unless the stream ends first; returns the bytes read (0 at the end).
    /// Network streams return short reads, so a single ReadAsync would cut blocks at arbitrary places.
    /// </summary>
    public static ValueTask<int> ReadBlockAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);

    /// <summary>
    /// The stream's bytes as blocks of exactly <paramref name="blockSize"/> bytes, the last one shorter; nothing for
    /// an empty stream. Each block is rented from the shared pool and the consumer owns it: dispose every block.
    /// Only one block is read ahead of the consumer, so memory stays flat whatever the stream's length.
    /// </summary>
    public static async IAsyncEnumerable<PooledBlock> ReadBlocksAsync(Stream stream, int blockSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        while (true)
        {
            var array = ArrayPool<byte>.Shared.Rent(blockSize);
            int read;
            try
            {
                read = await ReadBlockAsync(stream, array.AsMemory(0, blockSize), cancellationToken);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(array);
                throw;
            }

            if (read == 0)
            {
                ArrayPool<byte>.Shared.Return(array);
                yield break;
            }

            yield return new PooledBlock(array, read);
            if (read < blockSize)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Parses a size: plain bytes ("1048576") or a number with a binary unit K, M or G, optionally followed by
    /// "B" or "iB" ("512K", "1M", "1MiB", "10MB"), case-insensitive. Units are powers of 1024 in every spelling:
    /// block sizes are meant to be powers of two and "1M" must mean the 1 MiB default.
    /// </summary>
    /// <exception cref="FormatException">Not a size, negative, fractional, or more than <see cref="int.MaxValue"/>.</exception>
    public static int ParseSize(string text) =>
        TryParseSize(text, out var bytes) ? bytes : throw new FormatException($"'{text}' is not a size (examples: 1048576, 512K, 1M, 1MiB)");

    public static bool TryParseSize(string? text, out int bytes)
    {
        bytes = 0;
        var s = text.AsSpan().Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(s[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        if (!TryParseUnit(s[digits..].TrimStart(), out var multiplier))
        {
            return false;
        }

        // digits are at most 19 characters here or TryParse failed; the product may still overflow int.
        var total = (Int128)number * multiplier;
        if (total > int.MaxValue)
        {
            return false;
        }

        bytes = (int)total;
        return true;
    }

    private static bool TryParseUnit(ReadOnlySpan<char> unit, out long multiplier)
    {
        multiplier = 1;
        if (unit.IsEmpty || unit.Equals("B", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        multiplier = char.ToUpperInvariant(unit[0]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 0,
        };
        var rest = unit[1..];
        return multiplier != 0
            && (rest.IsEmpty || rest.Equals("B", StringComparison.OrdinalIgnoreCase) || rest.Equals("iB", StringComparison.OrdinalIgnoreCase));
    }
}
