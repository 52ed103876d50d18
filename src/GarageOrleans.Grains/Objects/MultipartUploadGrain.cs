using System.Globalization;
using System.Security.Cryptography;
using GarageOrleans.Abstractions;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Grains.Data;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Objects;

/// <summary>
/// One multipart upload. Part attempts are recorded before their blocks are written; completion hands the chosen
/// attempts to the object row (no block is copied, no block list rewritten) and releases the others.
/// </summary>
[ReplicaSet]
internal sealed class MultipartUploadGrain(MetadataTables tables, IGrainFactory grains, BlockDataOptions options, TimeProvider clock)
    : Grain, IMultipartUploadGrain, IDataVersionOwner
{
    /// <summary>AWS's minimum size of every part but the last.</summary>
    private const long MinPartSizeBytes = 5L << 20;

    private VersionId _uploadId;
    private MultipartRow? _row;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _uploadId = VersionId.ParseHex(this.GetPrimaryKeyString());
        _row = await tables.Multipart.GetAsync(_uploadId.Value, []);
        EntityPlacement.Watch(this, ServiceProvider, this.GetPrimaryKeyString());
    }

    async Task<MultipartUploadInfo> IMultipartUploadGrain.CreateAsync(BucketId bucket, string key, ObjectMeta pendingMeta)
    {
        if (_row is not null)
        {
            throw new InvalidOperationException($"upload {_uploadId} already exists");
        }

        await ObjectOf(bucket, key).BeginUploadAsync(_uploadId, multipart: true, pendingMeta);
        await WriteAsync(new MultipartRow(bucket, key, Timestamps.Now(clock), pendingMeta, MultipartState.Active, [], []));
        return ToInfo(_row!);
    }

    Task<MultipartUploadInfo?> IMultipartUploadGrain.GetAsync() =>
        Task.FromResult(_row is { State: MultipartState.Active } row ? ToInfo(row) : null);

    async Task<VersionId?> IMultipartUploadGrain.BeginPartAsync(int partNumber)
    {
        if (_row is not { State: MultipartState.Active } row)
        {
            return null;
        }

        var attempt = new PartAttempt(partNumber, VersionId.New(), Timestamps.Now(clock), false, 0, "");
        await Task.WhenAll(
            WriteAsync(row with { Attempts = [attempt], Chosen = [] }),
            tables.RecordDataOwnerAsync(attempt.DataVersion, new VersionOwner(row.Bucket, row.Key, _uploadId, attempt.Timestamp)));
        return attempt.DataVersion;
    }

    async Task<PartInfo?> IMultipartUploadGrain.CompletePartAsync(int partNumber, VersionId dataVersion, long size, string etag)
    {
        if (_row is not { State: MultipartState.Active } row)
        {
            return null;
        }

        var attempt = row.Attempts.FirstOrDefault(a => a.DataVersion == dataVersion && a.PartNumber == partNumber)
            ?? throw new InvalidOperationException($"part attempt {dataVersion} was not begun");

        // A later finish wins over earlier attempts of the same part number.
        var finished = attempt with { Finished = true, Size = size, ETag = etag, Timestamp = Timestamps.After(row.Attempts.Max(a => a.Timestamp), clock) };
        await WriteAsync(row with { Attempts = [finished], Chosen = [] });
        return new PartInfo(partNumber, dataVersion, size, etag, finished.Timestamp);
    }

    async Task<CompleteMultipartResult> IMultipartUploadGrain.CompleteAsync(IReadOnlyList<CompletedPartRequest> parts, WriteCondition condition)
    {
        if (_row is not { State: MultipartState.Active } row)
        {
            return new CompleteMultipartResult(CompleteMultipartOutcome.NoSuchUpload, null);
        }

        if (parts.Count == 0)
        {
            return new CompleteMultipartResult(CompleteMultipartOutcome.InvalidPart, null);
        }

        for (var i = 1; i < parts.Count; i++)
        {
            if (parts[i].PartNumber <= parts[i - 1].PartNumber)
            {
                return new CompleteMultipartResult(CompleteMultipartOutcome.InvalidPartOrder, null, parts[i].PartNumber);
            }
        }

        var latest = row.LatestFinished();
        var chosen = new List<PartAttempt>(parts.Count);
        foreach (var requested in parts)
        {
            if (!latest.TryGetValue(requested.PartNumber, out var attempt)
                || !string.Equals(attempt.ETag, requested.ETag.Trim().Trim('"'), StringComparison.OrdinalIgnoreCase))
            {
                return new CompleteMultipartResult(CompleteMultipartOutcome.InvalidPart, null, requested.PartNumber);
            }

            chosen.Add(attempt);
        }

        for (var i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Size < MinPartSizeBytes)
            {
                return new CompleteMultipartResult(CompleteMultipartOutcome.EntityTooSmall, null, chosen[i].PartNumber);
            }
        }

        var etag = MultipartETag(chosen.Select(c => c.ETag));
        var meta = row.PendingMeta with { Size = chosen.Sum(c => c.Size), ETag = etag };

        // Parts are renumbered 1..N in the object, as Garage does: GET ?partNumber=N addresses the N-th part.
        var objectParts = chosen.Select((c, i) => new ObjectPart(i + 1, c.DataVersion, c.Size, c.ETag)).ToList();
        var put = await ObjectOf(row.Bucket, row.Key).CompleteUploadAsync(_uploadId, meta, objectParts, condition);
        if (put.PreconditionFailed)
        {
            return new CompleteMultipartResult(CompleteMultipartOutcome.PreconditionFailed, null);
        }

        await WriteAsync(row with { State = MultipartState.Completed, Attempts = [], Chosen = [.. chosen.Select(c => c.DataVersion)] });
        return new CompleteMultipartResult(CompleteMultipartOutcome.Completed, put.Version);
    }

    Task<bool> IMultipartUploadGrain.AbortAsync() => AbortAsync();

    async Task<DataVersionUse> IDataVersionOwner.ReleaseIfUnusedAsync(VersionId dataVersion)
    {
        switch (_row)
        {
            case { State: MultipartState.Completed } row when row.Chosen.Contains(dataVersion):
                return DataVersionUse.InUse;
            case { State: MultipartState.Active } row when row.Attempts.Any(a => a.DataVersion == dataVersion):
                if (options.IncompleteMultipartTimeout is not { } timeout || row.InitiatedMs + (ulong)timeout.TotalMilliseconds > Timestamps.Now(clock))
                {
                    return DataVersionUse.Pending;
                }

                // Abandoned: the abort releases every attempt through the multipart table's hook.
                await AbortAsync();
                break;
        }

        // Not an attempt of an open upload, nor chosen by a completed one (a terminal upload's hook has normally
        // released it already; the header write is idempotent).
        await tables.ReleaseDataAsync(dataVersion);
        return DataVersionUse.Released;
    }

    private async Task<bool> AbortAsync()
    {
        if (_row is not { State: MultipartState.Active } row)
        {
            return false;
        }

        await ObjectOf(row.Bucket, row.Key).AbortUploadAsync(_uploadId);
        await WriteAsync(row with { State = MultipartState.Aborted, Attempts = [], Chosen = [] });
        return true;
    }

    /// <summary>S3's multipart ETag: MD5 of the concatenated binary MD5s of the parts, then "-N".</summary>
    internal static string MultipartETag(IEnumerable<string> partETags)
    {
        var md5s = partETags.Select(e => Convert.FromHexString(e.Trim('"'))).ToList();
        var digest = MD5.HashData(md5s.SelectMany(b => b).ToArray());
        return Convert.ToHexStringLower(digest) + "-" + md5s.Count.ToString(CultureInfo.InvariantCulture);
    }

    private IObjectGrain ObjectOf(BucketId bucket, string key) => grains.GetGrain<IObjectGrain>(ObjectGrainKey.Of(bucket, key));

    private async Task WriteAsync(MultipartRow delta)
    {
        await tables.Multipart.InsertAsync(_uploadId.Value, [], delta);
        _row = _row is null ? delta : _row.Merge(delta);
    }

    private MultipartUploadInfo ToInfo(MultipartRow row) => new(
        _uploadId,
        row.Bucket,
        row.Key,
        row.InitiatedMs,
        row.PendingMeta,
        [.. row.LatestFinished().Values.OrderBy(a => a.PartNumber).Select(a => new PartInfo(a.PartNumber, a.DataVersion, a.Size, a.ETag, a.Timestamp))]);
}
