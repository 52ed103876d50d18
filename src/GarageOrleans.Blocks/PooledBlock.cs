using System.Buffers;

namespace GarageOrleans.Blocks;

/// <summary>
/// A block's bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>. <see cref="Memory"/> has exactly
/// <see cref="Length"/> bytes (the rented array may be larger). The owner must dispose it exactly once to return the
/// array; using <see cref="Memory"/> after that throws. Not thread-safe except for <see cref="Dispose"/>.
/// </summary>
public sealed class PooledBlock : IMemoryOwner<byte>
{
    private byte[]? _array;

    internal PooledBlock(byte[] array, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length);
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public Memory<byte> Memory =>
        _array is { } array ? array.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(PooledBlock));

    /// <summary>A block of <paramref name="length"/> bytes, contents unspecified.</summary>
    public static PooledBlock Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new PooledBlock(ArrayPool<byte>.Shared.Rent(length), length);
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
