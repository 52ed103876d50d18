using System.Buffers.Binary;
using GarageOrleans.Abstractions;
using GarageOrleans.Blocks;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Grains.Schemas;
using GarageOrleans.Primitives;
using GarageOrleans.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Grains.Data;

/// <summary>
/// Frees what a writer that died leaves behind (Garage's <c>repair versions</c> and <c>mpu</c>, run continuously):
/// <list type="bullet">
/// <item>data versions whose upload never completed: every data version older than the upload timeout that is still in
/// <see cref="VersionTable.PendingTree"/> is put to its owner (<see cref="IDataVersionOwner"/>, serialised with the
/// owner's own writes), which aborts the upload or releases the data unless something uses it;</item>
/// <item>multipart uploads abandoned past <see cref="BlockDataOptions.IncompleteMultipartTimeout"/> (through the same
/// question, asked about their part attempts, and by a walk of the open uploads for those with no pending part);</item>
/// <item>temp files of block writes cut short by a crash.</item>
/// </list>
/// The released blocks then go the normal way: release queue, refcount 0, block GC after its delay.
/// </summary>
internal sealed partial class UploadRepairWorker(
    IMetadataEngine engine,
    VersionTable versionTable,
    MultipartTable multipartTable,
    BlockStore blocks,
    IGrainFactory grains,
    BlockDataOptions options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<UploadRepairWorker> logger) : BackgroundService
{
    private const int Page = 256;
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>Temp files older than this are leftovers even when this process wrote them (a failed clean-up).</summary>
    private static readonly TimeSpan TempFileAge = TimeSpan.FromHours(1);

    private readonly DateTime _startedUtc = clock.GetUtcNow().UtcDateTime;

    /// <summary>How often a pass runs: a quarter of the upload timeout, between 1 s and 1 h.</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Math.Clamp(options.UploadTimeout.Ticks / 4, MinInterval.Ticks, MaxInterval.Ticks));

    /// <summary>One pass over the pending data versions and the block directory.</summary>
    public async Task<RepairPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tempCutoff = now.UtcDateTime - TempFileAge;
        var temps = await blocks.DeleteStaleTempFilesAsync(tempCutoff > _startedUtc ? tempCutoff : _startedUtc, cancellationToken);

        var timeoutMs = (ulong)options.UploadTimeout.TotalMilliseconds;
        var nowMs = (ulong)now.ToUnixTimeMilliseconds();
        var staleBefore = nowMs > timeoutMs ? nowMs - timeoutMs : 0;
        int inUse = 0, released = 0, pending = 0;
        byte[]? start = null;
        while (true)
        {
            var page = await engine.RangeAsync(VersionTable.PendingTree, new RangeQuery(start, null, Page), cancellationToken);
            foreach (var entry in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (BinaryPrimitives.ReadUInt64BigEndian(entry.Value) >= staleBefore)
                {
                    continue;
                }

                var version = new VersionId(new Hash32(entry.Key));
                var use = await JudgeAsync(version, cancellationToken);
                if (use == DataVersionUse.Pending)
                {
                    pending++;
                    continue;
                }

                if (use == DataVersionUse.InUse)
                {
                    inUse++;
                }
                else
                {
                    released++;
                }

                // Settled either way: in use, its release now follows the object; released, the header hook drops it.
                await engine.WriteAsync(tx => { VersionTable.Settle(tx, version); return 0; }, cancellationToken);
            }

            if (page.Count < Page)
            {
                break;
            }

            start = [.. page[^1].Key, 0];
        }

        var aborted = await AbortAbandonedUploadsAsync(nowMs, cancellationToken);
        return new RepairPass(temps, inUse, released, pending, aborted);
    }

    /// <summary>
    /// Aborts the open multipart uploads of this node's replica that are past
    /// <see cref="BlockDataOptions.IncompleteMultipartTimeout"/>. The pass over pending data versions cannot find an
    /// upload that holds no pending part (created and never given a part, or whose only part died with its writer
    /// before the attempt was recorded), so the uploads themselves are walked too. Every replica of the upload may do
    /// it; the abort runs in the upload's grain and a second one changes nothing.
    /// </summary>
    private async Task<int> AbortAbandonedUploadsAsync(ulong nowMs, CancellationToken cancellationToken)
    {
        if (options.IncompleteMultipartTimeout is not { } timeout)
        {
            return 0;
        }

        var timeoutMs = (ulong)timeout.TotalMilliseconds;
        var aborted = 0;
        byte[]? start = null;
        while (true)
        {
            var page = await engine.RangeAsync(MultipartTable.TableName, new RangeQuery(start, null, Page), cancellationToken);
            foreach (var entry in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = multipartTable.Decode(entry.Value);
                if (row.State == MultipartState.Active && row.InitiatedMs + timeoutMs <= nowMs && entry.Key.Length >= Hash32.Size)
                {
                    var upload = new VersionId(new Hash32(entry.Key.AsSpan(0, Hash32.Size)));
                    if (await grains.GetGrain<IMultipartUploadGrain>(upload.ToHex()).AbortAsync())
                    {
                        aborted++;
                    }
                }
            }

            if (page.Count < Page)
            {
                return aborted;
            }

            start = [.. page[^1].Key, 0];
        }
    }

    /// <summary>Asks the version's owner, named by the version's header on this node.</summary>
    private async Task<DataVersionUse> JudgeAsync(VersionId version, CancellationToken cancellationToken)
    {
        var encoded = await engine.GetAsync(VersionTable.TableName, version.Value.ToArray(), cancellationToken);
        var header = encoded is null ? null : versionTable.Decode(encoded);
        if (header is null or { Deleted: true } || header.Owner is not { } owner)
        {
            return DataVersionUse.Released; // already released: the entry is only a leftover
        }

        var grain = owner.UploadId is { } upload
            ? grains.GetGrain<IMultipartUploadGrain>(upload.ToHex()).AsReference<IDataVersionOwner>()
            : grains.GetGrain<IObjectGrain>(ObjectGrainKey.Of(owner.Bucket, owner.Key)).AsReference<IDataVersionOwner>();
        return await grain.ReleaseIfUnusedAsync(version);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                try
                {
                    var pass = await RunOnceAsync(stoppingToken);
                    if (pass.TempFiles > 0 || pass.Released > 0 || pass.AbortedUploads > 0)
                    {
                        LogRepaired(pass.Released, pass.AbortedUploads, pass.TempFiles);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick retries: every step is idempotent.
                    LogPassFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload repair released the data of {Released} unfinished uploads, aborted {Aborted} abandoned multipart uploads and deleted {TempFiles} leftover temp files")]
    private partial void LogRepaired(int released, int aborted, int tempFiles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload repair pass failed; retrying at the next interval")]
    private partial void LogPassFailed(Exception exception);
}

/// <summary>What one <see cref="UploadRepairWorker"/> pass did.</summary>
internal readonly record struct RepairPass(int TempFiles, int InUse, int Released, int Pending, int AbortedUploads = 0);
