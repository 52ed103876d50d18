using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Grains.Data;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Objects;

/// <summary>
/// One object. The single activation per key serialises every write (not reentrant), keeps the committed row in
/// memory, and writes deltas through the object table at write quorum; replicas merge them.
/// </summary>
[ReplicaSet]
internal sealed class ObjectGrain(MetadataTables tables, BlockDataOptions options, TimeProvider clock) : Grain, IObjectGrain, IDataVersionOwner
{
    private BucketIdKey _key;
    private ObjectRow _row = ObjectRow.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = BucketIdKey.Parse(this.GetPrimaryKeyString());
        _row = await tables.Objects.GetAsync(_key.Bucket.Value, _key.SortKey) ?? ObjectRow.Empty;
        EntityPlacement.Watch(this, ServiceProvider, this.GetPrimaryKeyString());
    }

    Task<ObjectVersionInfo?> IObjectGrain.GetAsync() => Task.FromResult(ToInfo(_row.Live));

    async Task<PutResult> IObjectGrain.PutInlineAsync(ObjectMeta meta, byte[] data, WriteCondition condition)
    {
        if (!Satisfies(condition))
        {
            return new PutResult(true, null);
        }

        var version = new ObjectVersionRow(
            VersionId.New(), NextTimestamp(), ObjectVersionState.Complete, false, meta, false, data, []);
        await WriteAsync(version);
        return new PutResult(false, ToInfo(version));
    }

    async Task<VersionId> IObjectGrain.BeginUploadAsync(VersionId version, bool multipart, ObjectMeta? pendingMeta)
    {
        if (_row.Find(version) is not null)
        {
            throw new InvalidOperationException($"version {version} already exists");
        }

        var uploading = new ObjectVersionRow(version, NextTimestamp(), ObjectVersionState.Uploading, multipart, pendingMeta, false, null, []);
        if (multipart)
        {
            // A multipart upload's data lives in its part attempts, each with its own version header.
            await WriteAsync(uploading);
        }
        else
        {
            // The header names the object as the data's owner before any block exists, so the upload repair worker
            // can find the blocks of this upload if its writer dies.
            await Task.WhenAll(
                WriteAsync(uploading),
                tables.RecordDataOwnerAsync(version, new VersionOwner(_key.Bucket, _key.Name, null, uploading.Timestamp)));
        }

        return version;
    }

    async Task<PutResult> IObjectGrain.CompleteUploadAsync(VersionId version, ObjectMeta meta, IReadOnlyList<ObjectPart> parts, WriteCondition condition)
    {
        switch (_row.Find(version))
        {
            case { State: ObjectVersionState.Aborted }:
                throw new UploadAbortedException($"upload {version} was aborted");
            case null when await tables.Versions.GetAsync(version.Value, []) is { Deleted: true }:
                // Dropped from the row by a newer version, then released by the repair after the upload timeout.
                throw new UploadAbortedException($"upload {version} outlived the upload timeout and was released");
        }

        if (!Satisfies(condition))
        {
            return new PutResult(true, null);
        }

        // The upload completes as a new version with a fresh timestamp: the last upload to complete is the newest,
        // whatever order they began in, even when a newer PUT dropped this upload's Uploading entry meanwhile. The
        // Uploading entry is left to be dropped by the merge (it is older than the new Complete version); aborting it
        // would release the very data the new version refers to.
        var complete = new ObjectVersionRow(VersionId.New(), NextTimestamp(), ObjectVersionState.Complete, false, meta, false, null, parts);
        await WriteAsync(complete);
        return new PutResult(false, ToInfo(complete));
    }

    async Task IObjectGrain.AbortUploadAsync(VersionId version)
    {
        switch (_row.Find(version))
        {
            case { State: ObjectVersionState.Uploading } existing:
                // The same version, same timestamp, one state further: a version's timestamp never changes, which is
                // what keeps the object row's merge associative.
                await WriteAsync(existing with { State = ObjectVersionState.Aborted });
                break;
            case null:
                // Dropped from the row by a newer version (or never begun): there is no faithful copy to abort, so
                // the data is released through its version header instead.
                await tables.ReleaseDataAsync(version);
                break;
        }
    }

    async Task<DataVersionUse> IDataVersionOwner.ReleaseIfUnusedAsync(VersionId dataVersion)
    {
        if (_row.Versions.Any(v => v.State == ObjectVersionState.Complete && v.Parts.Any(p => p.DataVersion == dataVersion)))
        {
            return DataVersionUse.InUse;
        }

        if (_row.Find(dataVersion) is { State: ObjectVersionState.Uploading } uploading)
        {
            if (uploading.Timestamp >= StaleBefore())
            {
                return DataVersionUse.Pending;
            }

            await WriteAsync(uploading with { State = ObjectVersionState.Aborted });
            return DataVersionUse.Released;
        }

        // Aborted, or dropped by a newer version without ever completing: nothing refers to the data any more. The
        // header write is idempotent, and completing this version later is refused (CompleteUploadAsync reads it).
        await tables.ReleaseDataAsync(dataVersion);
        return DataVersionUse.Released;
    }

    async Task<bool> IObjectGrain.DeleteAsync()
    {
        if (_row.Live is null)
        {
            return false;
        }

        await WriteAsync(new ObjectVersionRow(VersionId.New(), NextTimestamp(), ObjectVersionState.Complete, false, null, true, null, []));
        return true;
    }

    private bool Satisfies(WriteCondition condition)
    {
        var live = _row.Live;
        if (condition.IfNoneMatchAny && live is not null)
        {
            return false;
        }

        return condition.IfMatchETag switch
        {
            null => true,
            "*" => live is not null,
            var etag => live?.Meta is { } meta && string.Equals(meta.ETag, etag.Trim('"'), StringComparison.Ordinal),
        };
    }

    private ulong NextTimestamp() => Timestamps.After(_row.MaxTimestamp, clock);

    private async Task WriteAsync(ObjectVersionRow version)
    {
        var delta = new List<ObjectVersionRow> { version };
        var staleBefore = StaleBefore();
        delta.AddRange(_row.Versions
            .Where(v => v.State == ObjectVersionState.Uploading && !v.Multipart && v.Timestamp < staleBefore && v.Id != version.Id)
            .Select(v => v with { State = ObjectVersionState.Aborted }));

        var update = new ObjectRow(delta);
        await tables.Objects.InsertAsync(_key.Bucket.Value, _key.SortKey, update);
        _row = _row.Merge(update);
    }

    /// <summary>Uploads begun before this time (ms) are past <see cref="BlockDataOptions.UploadTimeout"/>.</summary>
    private ulong StaleBefore()
    {
        var now = Timestamps.Now(clock);
        var timeout = (ulong)options.UploadTimeout.TotalMilliseconds;
        return now > timeout ? now - timeout : 0;
    }

    private static ObjectVersionInfo? ToInfo(ObjectVersionRow? v) =>
        v is { State: ObjectVersionState.Complete, DeleteMarker: false, Meta: { } meta }
            ? new ObjectVersionInfo(v.Id, v.Timestamp, meta, v.Inline, v.Parts)
            : null;

    /// <summary>Parsed grain key "&lt;bucket hex&gt;/&lt;key&gt;".</summary>
    private readonly record struct BucketIdKey(BucketId Bucket, string Name, byte[] SortKey)
    {
        public static BucketIdKey Parse(string grainKey)
        {
            var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
            if (slash != 64 || !BucketId.TryParseHex(grainKey[..slash], out var bucket))
            {
                throw new FormatException("object grain key must be <64-hex bucket id>/<key>");
            }

            var name = grainKey[(slash + 1)..];
            return new BucketIdKey(bucket, name, Encoding.UTF8.GetBytes(name));
        }
    }
}
