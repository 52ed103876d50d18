using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Tests;

/// <summary>Structural equality for rows whose records hold lists (records compare lists by reference).</summary>
internal static class RowComparer
{
    public static readonly IEqualityComparer<ObjectRow> Object = By<ObjectRow>(r => string.Join(";", r.Versions.Select(Describe)));

    public static readonly IEqualityComparer<MultipartRow> Multipart = By<MultipartRow>(r =>
        $"{r.Bucket}|{r.Key}|{r.InitiatedMs}|{r.State}|{string.Join(",", r.Attempts)}|{string.Join(",", r.Chosen)}");

    public static readonly IEqualityComparer<Deletable<BucketParams>> Bucket = By<Deletable<BucketParams>>(r =>
        r.TryGetValue(out var b) ? $"{b.CreatedMs}|{b.Name}|{b.Keys}" : "deleted");

    public static readonly IEqualityComparer<Deletable<KeyParams>> Key = By<Deletable<KeyParams>>(r =>
        r.TryGetValue(out var k) ? $"{k.Secret}|{k.CreatedMs}|{k.Name}|{k.AllowCreateBucket}" : "deleted");

    private static string Describe(ObjectVersionRow v) =>
        $"{v.Id}@{v.Timestamp}:{v.State}:{v.Multipart}:{v.DeleteMarker}:{v.Meta?.ETag}:{v.Inline?.Length}:{string.Join(",", v.Parts)}";

    private static IEqualityComparer<T> By<T>(Func<T, string> describe) =>
        EqualityComparer<T>.Create((a, b) => a is null ? b is null : b is not null && describe(a) == describe(b), x => describe(x).GetHashCode(StringComparison.Ordinal));
}
