namespace GarageOrleans.Abstractions;

/// <summary>Read, write and owner flags of one access key on one bucket (Garage's per-key, per-bucket model).</summary>
[GenerateSerializer, Immutable]
public readonly record struct BucketPermission(
    [property: Id(0)] bool Read,
    [property: Id(1)] bool Write,
    [property: Id(2)] bool Owner)
{
    public static BucketPermission None => default;
    public static BucketPermission All => new(true, true, true);
    public bool Any => Read || Write || Owner;
}

/// <summary>An S3 access key. <see cref="SecretAccessKey"/> must never be logged.</summary>
[GenerateSerializer, Immutable]
public sealed record AccessKeyInfo(
    [property: Id(0)] string AccessKeyId,
    [property: Id(1)] string SecretAccessKey,
    [property: Id(2)] string Name,
    [property: Id(3)] bool AllowCreateBucket,
    [property: Id(4)] ulong CreatedMs);

/// <summary>
/// One access key (grain key = access key id, e.g. <c>GK…</c>). Writes go through this grain, so they are serialised
/// per key; reads may be served from the activation's copy of the committed row.
/// </summary>
public interface IAccessKeyGrain : IGrainWithStringKey
{
    /// <summary>The key, or null when it does not exist or was deleted.</summary>
    Task<AccessKeyInfo?> GetAsync();

    /// <summary>
    /// Creates the key with a fresh secret (or <paramref name="secret"/> when importing). Fails with
    /// <see cref="InvalidOperationException"/> if a live key with this id exists.
    /// </summary>
    Task<AccessKeyInfo> CreateAsync(string name, bool allowCreateBucket, string? secret);

    /// <summary>Sets the flag; returns the updated key or null when it does not exist.</summary>
    Task<AccessKeyInfo?> SetAllowCreateBucketAsync(bool allow);

    /// <summary>Deletes the key (a tombstone); returns false when it did not exist.</summary>
    Task<bool> DeleteAsync();
}

/// <summary>Listing of every key (a range read of the key table); stateless.</summary>
public interface IKeyCatalogGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<AccessKeyInfo>> ListAsync();
}
