using System.Collections.Concurrent;
using ZstdSharp;

namespace GarageOrleans.Blocks;

/// <summary>
/// zstd contexts are not thread-safe and cost up to a few MiB each to build, so they are reused. The pool keeps at most
/// two per core: enough for every request thread to find one, bounded so a burst does not pin memory forever.
/// </summary>
internal sealed class ZstdCodecPool : IDisposable
{
    private readonly int _level;
    private readonly int _capacity = Environment.ProcessorCount * 2;
    private readonly ConcurrentQueue<Compressor> _compressors = new();
    private readonly ConcurrentQueue<Decompressor> _decompressors = new();

    public ZstdCodecPool(int level) => _level = level;

    public Compressor RentCompressor() => _compressors.TryDequeue(out var c) ? c : new Compressor(_level);

    public void Return(Compressor compressor)
    {
        if (_compressors.Count < _capacity)
        {
            _compressors.Enqueue(compressor);
        }
        else
        {
            compressor.Dispose();
        }
    }

    public Decompressor RentDecompressor() => _decompressors.TryDequeue(out var d) ? d : new Decompressor();

    public void Return(Decompressor decompressor)
    {
        if (_decompressors.Count < _capacity)
        {
            _decompressors.Enqueue(decompressor);
        }
        else
        {
            decompressor.Dispose();
        }
    }

    public void Dispose()
    {
        while (_compressors.TryDequeue(out var c))
        {
            c.Dispose();
        }

        while (_decompressors.TryDequeue(out var d))
        {
            d.Dispose();
        }
    }
}
