using GarageOrleans.Grains.Rows;
using GarageOrleans.Grains.Schemas;
using GarageOrleans.Primitives;
using GarageOrleans.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Grains.Data;

/// <summary>
/// Drains the node's <see cref="ReleaseQueue"/>: for each released data version, marks its header deleted and every
/// one of its block references deleted (which drops the blocks' refcounts on the nodes that store them). An entry
/// leaves the queue only after both writes reached quorum, so a crash or an unreachable replica means a retry,
/// never a leak; repeating a release changes nothing.
/// </summary>
internal sealed partial class ReleaseWorker(
    IMetadataEngine engine,
    MetadataTables tables,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ReleaseWorker> logger) : BackgroundService
{
    private const int QueueBatch = 64;
    private const int BlockPage = 1024;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromSeconds(10);

    /// <summary>Processes what is queued now; returns how many data versions were released.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await engine.RangeAsync(ReleaseQueue.Tree, new RangeQuery(null, null, QueueBatch), cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var entry in batch)
            {
                var version = new VersionId(new Hash32(entry.Key));
                await ReleaseAsync(version);
                await engine.WriteAsync(tx => tx.Delete(ReleaseQueue.Tree, entry.Key), cancellationToken);
                total++;
            }
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = IdlePoll;
            try
            {
                var released = await RunOnceAsync(stoppingToken);
                if (released > 0)
                {
                    LogReleased(released);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogReleaseFailed(e);
                delay = ErrorBackoff;
            }

            try
            {
                await Task.Delay(delay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReleaseAsync(VersionId version)
    {
        var versionKey = version.Value.ToArray();
        long from = 0;
        while (true)
        {
            var (rows, _) = await tables.Versions.RangeAsync(version.Value, ObjectDataClient.OffsetKey(from), null, BlockPage);
            var blocks = rows.Where(r => r.Row.Hash is not null).ToList();
            if (blocks.Count == 0)
            {
                break;
            }

            await tables.BlockRefs.InsertManyAsync(blocks.Select(b => (b.Row.Hash!.Value.Value, versionKey, BlockRefRow.Tombstone)));
            from = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(blocks[^1].SortKey) + 1;
        }

        await tables.ReleaseDataAsync(version);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Released the blocks of {Count} data versions")]
    private partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing data versions failed; retrying later")]
    private partial void LogReleaseFailed(Exception exception);
}
