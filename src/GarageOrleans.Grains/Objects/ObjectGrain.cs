using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Objects;

/// <summary>
/// One object. The single activation per key serialises every write (not reentrant), keeps the committed row in
/// memory, and writes deltas through the object table at write quorum; replicas merge them.
/// </summary>
[ReplicaSet]
internal sealed class ObjectGrain(MetadataTables tables, TimeProvider clock) : Grain, IObjectGrain
{
    /// <summary>
    /// An Uploading single-PUT version this old belongs to an upload that died with its process; it is aborted at the
    /// next write to the object so its blocks are released. Longer than any PUT of 5 GiB can take.
    /// </summary>
    private static readonly TimeSpan StaleUploadAge = TimeSpan.FromHours(24);

    private BucketIdKey _key;
    private ObjectRow _row = ObjectRow.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = BucketIdKey.Parse(this.GetPrimaryKeyString());
        _row = await tables.Objects.GetAsync(_key.Bucket.Value, _key.SortKey) ?? ObjectRow.Empty;
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

        await WriteAsync(new ObjectVersionRow(version, NextTimestamp(), ObjectVersionState.Uploading, multipart, pendingMeta, false, null, []));
        return version;
    }

    async Task<PutResult> IObjectGrain.CompleteUploadAsync(VersionId version, ObjectMeta meta, IReadOnlyList<ObjectPart> parts, WriteCondition condition)
    {
        if (_row.Find(version) is { State: ObjectVersionState.Aborted })
        {
            throw new InvalidOperationException($"upload {version} was aborted");
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
        var existing = _row.Find(version);
        if (existing is { State: not ObjectVersionState.Uploading })
        {
            return;
        }

        // Written even when the entry was already dropped from the row: the write is what releases the upload's data.
        await WriteAsync((existing ?? new ObjectVersionRow(version, 0, ObjectVersionState.Uploading, false, null, false, null, []))
            with
        { State = ObjectVersionState.Aborted });
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
        var staleBefore = Timestamps.Now(clock) - (ulong)StaleUploadAge.TotalMilliseconds;
        delta.AddRange(_row.Versions
            .Where(v => v.State == ObjectVersionState.Uploading && !v.Multipart && v.Timestamp < staleBefore && v.Id != version.Id)
            .Select(v => v with { State = ObjectVersionState.Aborted }));

        var update = new ObjectRow(delta);
        await tables.Objects.InsertAsync(_key.Bucket.Value, _key.SortKey, update);
        _row = _row.Merge(update);
    }

    private static ObjectVersionInfo? ToInfo(ObjectVersionRow? v) =>
        v is { State: ObjectVersionState.Complete, DeleteMarker: false, Meta: { } meta }
            ? new ObjectVersionInfo(v.Id, v.Timestamp, meta, v.Inline, v.Parts)
            : null;

    /// <summary>Parsed grain key "&lt;bucket hex&gt;/&lt;key&gt;".</summary>
    private readonly record struct BucketIdKey(BucketId Bucket, byte[] SortKey)
    {
        public static BucketIdKey Parse(string grainKey)
        {
            var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
            if (slash != 64 || !BucketId.TryParseHex(grainKey[..slash], out var bucket))
            {
                throw new FormatException("object grain key must be <64-hex bucket id>/<key>");
            }

            return new BucketIdKey(bucket, Encoding.UTF8.GetBytes(grainKey[(slash + 1)..]));
        }
    }
}
