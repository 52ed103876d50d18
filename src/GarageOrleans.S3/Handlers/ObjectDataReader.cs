using System.Buffers;
using System.Runtime.CompilerServices;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// A piece of an object's data, in order. Holds a pooled block until disposed: the consumer disposes each slice as
/// soon as it has written it.
/// </summary>
internal sealed class DataSlice(ReadOnlyMemory<byte> memory, IMemoryOwner<byte>? owner) : IDisposable
{
    private IMemoryOwner<byte>? _owner = owner;

    public ReadOnlyMemory<byte> Memory { get; } = memory;

    public void Dispose()
    {
        _owner?.Dispose();
        _owner = null;
    }
}

/// <summary>
/// Reads a byte range of an object (inline data, or the blocks of each part in order) with a bounded read-ahead,
/// so memory stays flat for any object size. Used by GetObject and by UploadPartCopy.
/// </summary>
internal sealed class ObjectDataReader(IObjectDataClient data)
{
    /// <summary>
    /// Blocks fetched ahead of the one being written to the client: hides the latency of the next fetch without
    /// holding more than a few blocks per request.
    /// </summary>
    public const int MaxBlocksReadAhead = 3;

    /// <summary>Block entries read per metadata call (256 × 1 MiB covers 256 MiB of object).</summary>
    public const int BlockListPageSize = 256;

    /// <summary>
    /// The bytes [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of the object. A
    /// missing block entry (a gap in the block list) throws rather than serve short data.
    /// </summary>
    public async IAsyncEnumerable<DataSlice> ReadAsync(ObjectVersionInfo obj, long start, long length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            yield break;
        }

        if (obj.InlineData is { } inline)
        {
            yield return new DataSlice(inline.AsMemory(checked((int)start), checked((int)length)), null);
            yield break;
        }

        var pending = new Queue<(Task<IMemoryOwner<byte>> Fetch, int SliceStart, int SliceLength)>(MaxBlocksReadAhead);
        try
        {
            await foreach (var (entry, sliceStart, sliceLength) in BlocksInRangeAsync(obj, start, length, cancellationToken))
            {
                pending.Enqueue((data.GetBlockAsync(entry.Hash, cancellationToken), sliceStart, sliceLength));
                if (pending.Count >= MaxBlocksReadAhead)
                {
                    yield return await NextAsync(pending);
                }
            }

            while (pending.Count > 0)
            {
                yield return await NextAsync(pending);
            }
        }
        finally
        {
            // Stopped early (client gone, error): fetches already started still deliver pooled blocks to give back.
            while (pending.TryDequeue(out var p))
            {
                try
                {
                    (await p.Fetch).Dispose();
                }
                catch (Exception)
                {
                    // Only the first failure matters and it is already propagating (or the reader was abandoned).
                }
            }
        }
    }

    private static async Task<DataSlice> NextAsync(Queue<(Task<IMemoryOwner<byte>> Fetch, int SliceStart, int SliceLength)> pending)
    {
        var (fetch, sliceStart, sliceLength) = pending.Peek();
        var owner = await fetch;
        pending.Dequeue();
        if (owner.Memory.Length < sliceStart + sliceLength)
        {
            owner.Dispose();
            throw new InvalidDataException("a block is shorter than its block-list entry says");
        }

        return new DataSlice(owner.Memory.Slice(sliceStart, sliceLength), owner);
    }

    /// <summary>
    /// The block entries that overlap the range, with the slice of each block that belongs to it, across parts.
    /// </summary>
    private async IAsyncEnumerable<(BlockEntry Entry, int SliceStart, int SliceLength)> BlocksInRangeAsync(
        ObjectVersionInfo obj, long start, long length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var end = start + length;
        long partStart = 0;
        foreach (var part in obj.Parts)
        {
            var partEnd = partStart + part.Size;
            if (partEnd > start && partStart < end && part.Size > 0)
            {
                var from = Math.Max(start, partStart) - partStart;
                var to = Math.Min(end, partEnd) - partStart;
                await foreach (var item in BlocksOfPartAsync(part.DataVersion, from, to, cancellationToken))
                {
                    yield return item;
                }
            }

            if (partEnd >= end)
            {
                yield break;
            }

            partStart = partEnd;
        }

        if (partStart < end)
        {
            throw new InvalidDataException($"object version {obj.Version} has {partStart} bytes of parts, {end} were expected");
        }
    }

    private async IAsyncEnumerable<(BlockEntry Entry, int SliceStart, int SliceLength)> BlocksOfPartAsync(
        VersionId dataVersion, long from, long to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Blocks written by this layer are BlockSize long except the last, so the block holding 'from' usually starts
        // at the multiple below it. A part written with another block size starts elsewhere: then list from 0.
        // A short range (a small Range GET) asks for just the entries it needs.
        var blockSize = data.BlockSize;
        var cursor = from - (from % blockSize);
        var limit = (int)Math.Min(BlockListPageSize, ((to - cursor + blockSize - 1) / blockSize) + 1);
        var page = await data.ListBlocksAsync(dataVersion, cursor, limit, cancellationToken);
        if (cursor > 0 && (page.Count == 0 || page[0].Offset > from))
        {
            limit = BlockListPageSize;
            page = await data.ListBlocksAsync(dataVersion, 0, limit, cancellationToken);
        }

        var position = from;
        while (true)
        {
            foreach (var entry in page)
            {
                var entryEnd = entry.Offset + entry.Size;
                if (entryEnd <= position)
                {
                    continue;
                }

                if (entry.Offset > position)
                {
                    throw new InvalidDataException($"data version {dataVersion} has no block at offset {position}");
                }

                var sliceStart = (int)(position - entry.Offset);
                var sliceEnd = (int)(Math.Min(to, entryEnd) - entry.Offset);
                yield return (entry, sliceStart, sliceEnd - sliceStart);
                position = entry.Offset + sliceEnd;
                if (position >= to)
                {
                    yield break;
                }
            }

            if (page.Count < limit)
            {
                throw new InvalidDataException($"data version {dataVersion} has no block at offset {position}");
            }

            limit = BlockListPageSize;
            page = await data.ListBlocksAsync(dataVersion, page[^1].Offset + 1, limit, cancellationToken);
        }
    }
}
