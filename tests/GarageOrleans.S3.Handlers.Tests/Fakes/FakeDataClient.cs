using System.Buffers;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Handlers.Tests.Fakes;

/// <summary>
/// In-memory block store. In <see cref="ManualPuts"/> mode every PutBlockAsync returns an incomplete task that the test
/// completes, which makes the number of blocks in flight observable deterministically. Thread-safe, so that a real
/// server can run concurrent requests against it.
/// </summary>
internal sealed class FakeDataClient(int blockSize) : IObjectDataClient
{
    private readonly Dictionary<BlockHash, byte[]> _blocks = [];
    private readonly Dictionary<VersionId, SortedDictionary<long, BlockEntry>> _versions = [];
    private readonly Lock _lock = new();

    public int BlockSize { get; } = blockSize;

    public bool ManualPuts { get; set; }

    public Queue<TaskCompletionSource> PendingPuts { get; } = new();

    public int MaxPendingPuts { get; private set; }

    public int OutstandingBlockOwners { get; private set; }

    public int ListCalls { get; private set; }

    public Exception? FailPutAt { get; set; }

    public long FailPutAtOffset { get; set; } = -1;

    public Task PutBlockAsync(VersionId dataVersion, long offset, BlockHash hash, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Assert.Equal(hash, BlockHash.Compute(data.Span));
        lock (_lock)
        {
            _blocks[hash] = data.ToArray();
            Entries(dataVersion)[offset] = new BlockEntry(offset, hash, data.Length);
        }

        if (offset == FailPutAtOffset && FailPutAt is not null)
        {
            return Task.FromException(FailPutAt);
        }

        if (!ManualPuts)
        {
            return Task.CompletedTask;
        }

        var tcs = new TaskCompletionSource();
        PendingPuts.Enqueue(tcs);
        MaxPendingPuts = Math.Max(MaxPendingPuts, PendingPuts.Count(t => !t.Task.IsCompleted));
        return tcs.Task;
    }

    public Task<IReadOnlyList<BlockEntry>> ListBlocksAsync(VersionId dataVersion, long fromOffset, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ListCalls++;
            IReadOnlyList<BlockEntry> page = Entries(dataVersion).Values.Where(e => e.Offset >= fromOffset).Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

    public Task<IMemoryOwner<byte>> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            OutstandingBlockOwners++;
            return Task.FromResult<IMemoryOwner<byte>>(new Owner(_blocks[hash], this));
        }
    }

    public Task CopyDataAsync(VersionId source, VersionId destination, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var dest = Entries(destination);
            foreach (var (offset, entry) in Entries(source))
            {
                dest[offset] = entry;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds a data version cut into the given block sizes; returns the whole content.</summary>
    public byte[] AddVersion(VersionId version, params int[] blockSizes)
    {
        var content = new byte[blockSizes.Sum()];
        new Random(blockSizes.Length * 7919 + content.Length).NextBytes(content);
        long offset = 0;
        foreach (var size in blockSizes)
        {
            var block = content.AsSpan((int)offset, size).ToArray();
            var hash = BlockHash.Compute(block);
            _blocks[hash] = block;
            Entries(version)[offset] = new BlockEntry(offset, hash, size);
            offset += size;
        }

        return content;
    }

    public byte[] Content(VersionId version)
    {
        lock (_lock)
        {
            return Entries(version).Values.SelectMany(e => _blocks[e.Hash]).ToArray();
        }
    }

    public IReadOnlyCollection<BlockEntry> EntriesOf(VersionId version)
    {
        lock (_lock)
        {
            return Entries(version).Values.ToList();
        }
    }

    public void RemoveEntry(VersionId version, long offset)
    {
        lock (_lock)
        {
            Entries(version).Remove(offset);
        }
    }

    private SortedDictionary<long, BlockEntry> Entries(VersionId version)
    {
        if (!_versions.TryGetValue(version, out var entries))
        {
            entries = [];
            _versions[version] = entries;
        }

        return entries;
    }

    private sealed class Owner(byte[] block, FakeDataClient client) : IMemoryOwner<byte>
    {
        private bool _disposed;

        public Memory<byte> Memory => block;

        public void Dispose()
        {
            lock (client._lock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    client.OutstandingBlockOwners--;
                }
            }
        }
    }
}
