using System.Buffers;
using System.Security.Cryptography;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Handlers;

/// <summary>The data of one stored body: its length and its MD5 (the ETag of a single PUT or of a part).</summary>
internal sealed record StoredBody(long Size, byte[] Md5)
{
    public string ETag => Convert.ToHexStringLower(Md5);
}

/// <summary>
/// The first block of a request body, read before anything is written so the caller can store a small object inline.
/// Owns a pooled buffer until <see cref="BodyToBlocks.StoreAsync"/> takes it or the head is disposed.
/// </summary>
internal sealed class BodyHead : IDisposable
{
    private byte[]? _buffer;

    public BodyHead(byte[] buffer, int length, bool atEnd)
    {
        _buffer = buffer;
        Length = length;
        AtEnd = atEnd;
    }

    public int Length { get; }

    /// <summary>True when the body ended inside this first block (the pipeline has then verified the whole payload).</summary>
    public bool AtEnd { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(BodyHead))).AsSpan(0, Length);

    internal byte[] Detach()
    {
        var b = _buffer ?? throw new ObjectDisposedException(nameof(BodyHead));
        _buffer = null;
        return b;
    }

    public void Dispose()
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}

/// <summary>
/// Cuts a request body into blocks of one data version and stores them through <see cref="IObjectDataClient"/>
/// (PutObject, UploadPart and UploadPartCopy share it). Memory stays flat whatever the size: one pooled buffer per
/// block in flight plus the one being filled, returned in every outcome.
/// </summary>
internal sealed class BodyToBlocks(IObjectDataClient data)
{
    /// <summary>
    /// Blocks written concurrently per request. Three keep the storage nodes busy while the next block is read from
    /// the client; more costs one block buffer each without adding throughput (Garage's measured PUT_BLOCKS_MAX_PARALLEL).
    /// </summary>
    public const int MaxBlocksInFlight = 3;

    public int BlockSize => data.BlockSize;

    /// <summary>Reads up to one block from the body.</summary>
    public async Task<BodyHead> ReadHeadAsync(Stream body, CancellationToken cancellationToken)
    {
        var blockSize = data.BlockSize;
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            var n = await FillAsync(body, buffer.AsMemory(0, blockSize), cancellationToken);
            return new BodyHead(buffer, n, n < blockSize);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Stores <paramref name="head"/> and the rest of <paramref name="body"/> as blocks of <paramref name="dataVersion"/>
    /// (which must already be announced) and returns once every block is stored and the body was read to its end.
    /// More than <paramref name="maxBytes"/> is EntityTooLarge. On failure some blocks may be stored: the caller aborts
    /// the version so they are released. <paramref name="payloadMd5"/>, when given, supplies the MD5 of the whole body
    /// once it has been read (the pipeline computes one while verifying), so the data is not hashed twice.
    /// </summary>
    public async Task<StoredBody> StoreAsync(
        BodyHead head, Stream body, VersionId dataVersion, long maxBytes, Func<byte[]>? payloadMd5, CancellationToken cancellationToken)
    {
        var blockSize = data.BlockSize;
        using var md5 = payloadMd5 is null ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<(Task Put, byte[] Buffer)>(MaxBlocksInFlight);
        var atEnd = head.AtEnd;
        var length = head.Length;
        byte[]? current = head.Detach();
        long offset = 0;
        var succeeded = false;
        try
        {
            while (true)
            {
                if (length > 0)
                {
                    if (offset + length > maxBytes)
                    {
                        throw new S3Exception(S3ErrorCode.EntityTooLarge);
                    }

                    var block = current!;
                    current = null;
                    md5?.AppendData(block, 0, length);
                    var hash = BlockHash.Compute(block.AsSpan(0, length));
                    inFlight.Enqueue((data.PutBlockAsync(dataVersion, offset, hash, block.AsMemory(0, length), failFast.Token), block));
                    offset += length;
                }

                if (atEnd)
                {
                    break;
                }

                if (inFlight.Count >= MaxBlocksInFlight)
                {
                    await ReleaseOldestAsync(inFlight);
                }

                current ??= ArrayPool<byte>.Shared.Rent(blockSize);
                length = await FillAsync(body, current.AsMemory(0, blockSize), failFast.Token);
                atEnd = length < blockSize;
            }

            while (inFlight.Count > 0)
            {
                await ReleaseOldestAsync(inFlight);
            }

            succeeded = true;
            return new StoredBody(offset, md5?.GetHashAndReset() ?? payloadMd5!());
        }
        finally
        {
            if (!succeeded)
            {
                await failFast.CancelAsync();
            }

            // A put still in flight may be reading its buffer: wait for it before the buffer goes back to the pool.
            while (inFlight.TryDequeue(out var pending))
            {
                try
                {
                    await pending.Put;
                }
                catch (Exception)
                {
                    // The failure that matters is already propagating; this put was only cancelled along with it.
                }

                ArrayPool<byte>.Shared.Return(pending.Buffer);
            }

            if (current is not null)
            {
                ArrayPool<byte>.Shared.Return(current);
            }
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the body ends; a short count means the end was seen.</summary>
    internal static async Task<int> FillAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await body.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static async Task ReleaseOldestAsync(Queue<(Task Put, byte[] Buffer)> inFlight)
    {
        // Peek, not dequeue: if the put failed, the buffer must still be found (and returned) by the finally above.
        var (put, buffer) = inFlight.Peek();
        await put;
        inFlight.Dequeue();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
