using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GarageOrleans.LoadBench;

/// <summary>
/// A deterministic, seekable, read-only stream of pseudo-random bytes made on the fly: it holds two 1 MiB buffers
/// whatever its length, so a 2 GiB upload costs the client no memory. Every 1 MiB block differs from the others
/// (its index is mixed in) and does not compress, so a content-addressed, compressing store has to write each one.
/// </summary>
internal sealed class GeneratedStream : Stream
{
    public const int BlockBytes = 1 << 20;

    private readonly byte[] _pattern;
    private readonly byte[] _block = new byte[BlockBytes];
    private readonly ulong _seed;
    private readonly long _length;
    private long _position;
    private long _blockIndex = -1;

    public GeneratedStream(long length, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        _seed = (ulong)seed;
        _pattern = new byte[BlockBytes];
        new Random(seed).NextBytes(_pattern);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>SHA-256 (lower-case hex) of the <paramref name="length"/> bytes a stream with this seed yields.</summary>
    public static string Sha256Hex(long length, int seed)
    {
        using var stream = new GeneratedStream(length, seed);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BlockBytes];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length)
        {
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, _length - _position);
        var written = 0;
        while (written < count)
        {
            var offset = (int)(_position % BlockBytes);
            FillBlock(_position / BlockBytes);
            var n = Math.Min(count - written, BlockBytes - offset);
            _block.AsSpan(offset, n).CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }

        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void FillBlock(long index)
    {
        if (index == _blockIndex)
        {
            return;
        }

        // XOR with a per-block constant: cheap, keeps the bytes incompressible, and makes every block distinct.
        var mix = ((ulong)index + 1) * 0x9E3779B97F4A7C15UL ^ _seed * 0xC2B2AE3D27D4EB4FUL;
        var source = MemoryMarshal.Cast<byte, ulong>(_pattern.AsSpan());
        var target = MemoryMarshal.Cast<byte, ulong>(_block.AsSpan());
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = source[i] ^ mix;
        }

        _blockIndex = index;
    }
}
