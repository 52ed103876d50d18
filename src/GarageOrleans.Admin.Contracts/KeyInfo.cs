namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Response of GetKeyInfo, CreateKey, ImportKey and UpdateKey. <see cref="SecretAccessKey"/> is present only in
/// the answer to CreateKey/ImportKey or when GetKeyInfo is called with <c>showSecretKey=true</c>; it is left out of
/// the JSON otherwise.
/// </summary>
public sealed record KeyInfo(
    string AccessKeyId,
    string Name,
    string? SecretAccessKey,
    DateTimeOffset CreatedAt,
    bool AllowCreateBucket,
    IReadOnlyList<KeyBucket> Buckets);
