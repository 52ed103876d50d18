using GarageOrleans.Primitives;

namespace GarageOrleans.Blocks;

/// <summary>
/// Striped per-hash mutual exclusion between a put's decisions (the "already stored" answer, and exists? then rename)
/// and a delete, so that the GC cannot remove a file that a concurrent put has just decided not to write. Reads take no lock: files are
/// immutable and an open handle survives an unlink.
/// </summary>
internal sealed class BlockLocks
{
    private const int StripeCount = 256; // contention only between puts/deletes of hashes sharing a stripe
    private readonly SemaphoreSlim[] _stripes = CreateStripes();

    public async ValueTask<Releaser> LockAsync(BlockHash hash, CancellationToken cancellationToken)
    {
        // Byte 1 of the hash: byte 0 is the partition, which a node tends to hold only a few values of.
        var stripe = _stripes[(int)(hash.Value.W0 >> 48) & 0xFF];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    private static SemaphoreSlim[] CreateStripes()
    {
        var stripes = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new SemaphoreSlim(1, 1);
        }

        return stripes;
    }

    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
