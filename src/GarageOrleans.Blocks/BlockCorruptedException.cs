using GarageOrleans.Primitives;

namespace GarageOrleans.Blocks;

/// <summary>
/// A stored block failed verification (hash mismatch, bad zstd frame, impossible size). The file has already been
/// renamed to <c>&lt;name&gt;.corrupted</c>, so the block now reads as absent: the caller fetches it from another replica.
/// </summary>
public sealed class BlockCorruptedException : Exception
{
    public BlockCorruptedException()
    {
    }

    public BlockCorruptedException(string message) : base(message)
    {
    }

    public BlockCorruptedException(string message, Exception inner) : base(message, inner)
    {
    }

    public BlockCorruptedException(BlockHash hash, string reason)
        : base($"block {hash.ToHex()} is corrupted on disk ({reason}); it was set aside")
    {
        Hash = hash;
    }

    public BlockHash Hash { get; }
}
