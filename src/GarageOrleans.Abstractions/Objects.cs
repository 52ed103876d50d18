using GarageOrleans.Primitives;

namespace GarageOrleans.Abstractions;

/// <summary>
/// What is stored with an object and returned by GET/HEAD. <see cref="Headers"/> holds the stored headers with
/// lower-case names: content-type, content-encoding, content-disposition, content-language, cache-control, expires,
/// and every x-amz-meta-*.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ObjectMeta(
    [property: Id(0)] long Size,
    [property: Id(1)] string ETag,
    [property: Id(2)] IReadOnlyList<KeyValuePair<string, string>> Headers,
    [property: Id(3)] string? ChecksumAlgorithm = null,
    [property: Id(4)] string? ChecksumValue = null)
{
    public string? Header(string name)
    {
        foreach (var (k, v) in Headers)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }
}

/// <summary>
/// One part of an object's data: the blocks written under <see cref="DataVersion"/>. A single PUT has one part whose
/// data version is the object version itself; a completed multipart upload lists its chosen part attempts, so
/// completing never copies or rewrites block lists.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ObjectPart(
    [property: Id(0)] int PartNumber,
    [property: Id(1)] VersionId DataVersion,
    [property: Id(2)] long Size,
    [property: Id(3)] string ETag);

/// <summary>The newest complete version of an object, as GET and HEAD serve it.</summary>
[GenerateSerializer, Immutable]
public sealed record ObjectVersionInfo(
    [property: Id(0)] VersionId Version,
    [property: Id(1)] ulong TimestampMs,
    [property: Id(2)] ObjectMeta Meta,
    [property: Id(3)] byte[]? InlineData,
    [property: Id(4)] IReadOnlyList<ObjectPart> Parts);

/// <summary>Conditional write (If-Match / If-None-Match: * on PUT and CompleteMultipartUpload).</summary>
[GenerateSerializer, Immutable]
public sealed record WriteCondition([property: Id(0)] string? IfMatchETag, [property: Id(1)] bool IfNoneMatchAny)
{
    public static readonly WriteCondition None = new(null, false);
}

[GenerateSerializer, Immutable]
public sealed record PutResult(
    [property: Id(0)] bool PreconditionFailed,
    [property: Id(1)] ObjectVersionInfo? Version);

/// <summary>
/// One object (grain key = <see cref="ObjectGrainKey.Of"/>). The single activation per key serialises every write to
/// the object, which is what makes conditional writes safe; it writes the object row through the replicated table.
/// </summary>
public interface IObjectGrain : IGrainWithStringKey
{
    /// <summary>The newest complete version, or null when the object does not exist (or its newest is a delete).</summary>
    Task<ObjectVersionInfo?> GetAsync();

    /// <summary>Stores a small object inside the object row (below the inline threshold, 3 KiB).</summary>
    Task<PutResult> PutInlineAsync(ObjectMeta meta, [Immutable] byte[] data, WriteCondition condition);

    /// <summary>
    /// Records an Uploading version and returns its id. It must exist before any block is written under it, so the
    /// block references cannot be collected while the upload runs. <paramref name="multipart"/> marks a multipart
    /// upload (then <paramref name="pendingMeta"/> keeps the headers given at creation).
    /// </summary>
    Task<VersionId> BeginUploadAsync(VersionId version, bool multipart, ObjectMeta? pendingMeta);

    /// <summary>Turns the Uploading version into the newest Complete one (older versions are then dropped).</summary>
    Task<PutResult> CompleteUploadAsync(VersionId version, ObjectMeta meta, IReadOnlyList<ObjectPart> parts, WriteCondition condition);

    /// <summary>Marks the upload Aborted: its data is released; the previous version stays readable.</summary>
    Task AbortUploadAsync(VersionId version);

    /// <summary>Writes a delete marker; returns whether a live version existed.</summary>
    Task<bool> DeleteAsync();
}

public static class ObjectGrainKey
{
    /// <summary>"&lt;64-hex bucket id&gt;/&lt;object key&gt;": the prefix is the partition key of the object table.</summary>
    public static string Of(BucketId bucket, string key) => bucket.ToHex() + "/" + key;
}

/// <summary>One block of a data version, in offset order.</summary>
[GenerateSerializer, Immutable]
public readonly record struct BlockEntry(
    [property: Id(0)] long Offset,
    [property: Id(1)] BlockHash Hash,
    [property: Id(2)] int Size);
