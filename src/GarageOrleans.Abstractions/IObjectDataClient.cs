using System.Buffers;
using GarageOrleans.Primitives;

namespace GarageOrleans.Abstractions;

/// <summary>
/// The data path the S3 layer streams through (DESIGN §2, "the block-client interface"). One call per block; the
/// caller bounds the number of calls in flight. Registered as a singleton by Hosting.
/// </summary>
public interface IObjectDataClient
{
    /// <summary>Block size objects are cut into (<c>Blocks:BlockSize</c>, default 1 MiB).</summary>
    int BlockSize { get; }

    /// <summary>
    /// Stores one block of <paramref name="dataVersion"/> at <paramref name="offset"/>: the block on the storage nodes of
    /// its hash (write quorum), the version's block entry and the block reference. Idempotent: a retry with the same
    /// arguments changes nothing. The version must have been announced with <see cref="IObjectGrain.BeginUploadAsync"/>
    /// or <see cref="IMultipartUploadGrain.BeginPartAsync"/> first. <paramref name="data"/> is not kept after the call.
    /// </summary>
    Task PutBlockAsync(VersionId dataVersion, long offset, BlockHash hash, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Block entries of a data version with offset &gt;= <paramref name="fromOffset"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BlockEntry>> ListBlocksAsync(VersionId dataVersion, long fromOffset, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The plaintext of a block, hash-verified. The caller disposes the owner (its memory returns to a pool);
    /// <c>Memory.Length</c> is the block size. Throws <see cref="BlockUnavailableException"/> when no replica has a
    /// good copy.
    /// </summary>
    Task<IMemoryOwner<byte>> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="destination"/> reference the same blocks as <paramref name="source"/> (zero-copy CopyObject).</summary>
    Task CopyDataAsync(VersionId source, VersionId destination, CancellationToken cancellationToken);
}

/// <summary>No replica could return a good copy of a block.</summary>
[GenerateSerializer]
public sealed class BlockUnavailableException : Exception
{
    public BlockUnavailableException()
    {
    }

    public BlockUnavailableException(string message) : base(message)
    {
    }

    public BlockUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>The data directory has no room for a block: answered as 507 InsufficientStorage, never a half block.</summary>
[GenerateSerializer]
public sealed class InsufficientStorageException : Exception
{
    public InsufficientStorageException()
    {
    }

    public InsufficientStorageException(string message) : base(message)
    {
    }

    public InsufficientStorageException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>
/// The upload was aborted before it could complete: its writer outlived the upload timeout and the node's repair
/// released its data. Answered as a retryable S3 error; the previous version of the object stays.
/// </summary>
[GenerateSerializer]
public sealed class UploadAbortedException : Exception
{
    public UploadAbortedException()
    {
    }

    public UploadAbortedException(string message) : base(message)
    {
    }

    public UploadAbortedException(string message, Exception inner) : base(message, inner)
    {
    }
}
