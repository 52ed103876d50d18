using GarageOrleans.Primitives;
using GarageOrleans.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Blocks;

/// <summary>
/// Deletes block files whose refcount has stayed at 0 for <see cref="BlockStoreOptions.GcDelay"/>, every
/// <see cref="BlockStoreOptions.GcInterval"/> (Garage's delayed delete; the offload of a still-needed block to other
/// nodes is the resync worker's job, not this one's).
/// </summary>
public sealed partial class BlockGcWorker : BackgroundService
{
    /// <summary>Index entries handled per metadata range read.</summary>
    public const int BatchSize = 1000;

    private readonly BlockStore _store;
    private readonly IMetadataEngine _metadata;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BlockGcWorker> _logger;

    public BlockGcWorker(BlockStore store, IMetadataEngine metadata, TimeProvider timeProvider, ILogger<BlockGcWorker> logger)
    {
        _store = store;
        _metadata = metadata;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Test seam: runs between the decision to collect a block and the unlink, with the block's lock held (the window
    /// in which a deduplicated put must wait rather than answer "already stored").
    /// </summary>
    internal Func<BlockHash, Task>? BeforeUnlinkForTests { get; set; }

    /// <summary>Test seam: called after each pass of the background loop with the number of files deleted.</summary>
    internal Action<int>? PassCompletedForTests { get; set; }

    /// <summary>One full pass; returns the number of blocks whose files were deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var nowMs = (ulong)_timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var delayMs = (ulong)_store.Options.GcDelay.TotalMilliseconds;
        var cutoffMs = nowMs > delayMs ? nowMs - delayMs : 0;
        var deleted = 0;
        while (true)
        {
            var entries = await BlockRefcounts.GcEntriesBeforeAsync(_metadata, cutoffMs, BatchSize, cancellationToken);
            foreach (var (sinceMs, hash) in entries)
            {
                // The lock spans the decision and the unlink: a put of the same block waits, then sees no file and
                // writes it again, so a block re-referenced after the decision is rewritten, not lost.
                using (await _store.LockAsync(hash, cancellationToken))
                {
                    var collect = await _metadata.WriteAsync(tx => BlockRefcounts.TryCollect(tx, hash, sinceMs, cutoffMs), cancellationToken);
                    if (!collect)
                    {
                        continue;
                    }

                    if (BeforeUnlinkForTests is { } hook)
                    {
                        await hook(hash);
                    }

                    if (_store.DeleteFilesLocked(hash))
                    {
                        deleted++;
                    }
                }
            }

            // Every entry read was removed from the index, so the next read starts after them.
            if (entries.Count < BatchSize)
            {
                return deleted;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_store.Options.GcInterval, _timeProvider);
        try
        {
            do
            {
                try
                {
                    var deleted = await RunOnceAsync(stoppingToken);
                    if (deleted > 0)
                    {
                        LogCollected(_logger, deleted);
                    }

                    PassCompletedForTests?.Invoke(deleted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick retries: every step is idempotent.
                    LogPassFailed(_logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Block GC deleted {Count} unreferenced blocks")]
    private static partial void LogCollected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Block GC pass failed; retrying at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
