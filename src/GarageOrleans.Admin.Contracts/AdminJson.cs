using System.Text.Json.Serialization;

namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Source-generated JSON metadata of every admin API record, shared by the server and the CLI so both agree on
/// names (camelCase) and so neither needs reflection. Nulls are left out, which is how optional fields
/// (secretAccessKey, objects, bytes) disappear.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(ClusterStatus))]
[JsonSerializable(typeof(ClusterHealth))]
[JsonSerializable(typeof(KeyInfo))]
[JsonSerializable(typeof(IReadOnlyList<KeyListItem>))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(ImportKeyRequest))]
[JsonSerializable(typeof(UpdateKeyRequest))]
[JsonSerializable(typeof(BucketInfo))]
[JsonSerializable(typeof(IReadOnlyList<BucketListItem>))]
[JsonSerializable(typeof(CreateBucketRequest))]
[JsonSerializable(typeof(BucketKeyPermissionRequest))]
[JsonSerializable(typeof(DeletedResult))]
[JsonSerializable(typeof(ClusterLayoutInfo))]
[JsonSerializable(typeof(ClusterLayoutPreview))]
[JsonSerializable(typeof(ClusterLayoutHistory))]
[JsonSerializable(typeof(UpdateClusterLayoutRequest))]
[JsonSerializable(typeof(ApplyClusterLayoutRequest))]
public sealed partial class AdminJson : JsonSerializerContext;
