namespace GarageOrleans.Admin;

/// <summary>
/// How a request names a bucket: by its 64-hex id or by its global name. A bucket name has at most 63 characters,
/// so 64 hex digits can only be an id.
/// </summary>
internal readonly record struct BucketRef(string? Id, string? Name)
{
    public static BucketRef Parse(string value) =>
        IsBucketId(value) ? new BucketRef(value.ToLowerInvariant(), null) : new BucketRef(null, value);

    public static bool IsBucketId(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    public override string ToString() => Id ?? Name ?? "";
}
