using System.Text.Json.Serialization;

namespace GarageOrleans.Admin.Contracts;

/// <summary>Read, write and owner flags of one access key on one bucket.</summary>
public sealed record BucketPermissions(bool Read, bool Write, bool Owner)
{
    [JsonIgnore]
    public bool Any => Read || Write || Owner;
}
