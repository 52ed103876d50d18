using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Grains.Keys;

/// <summary>
/// The one row → <see cref="AccessKeyInfo"/> conversion, shared by the key grain, the key listing and the node-local
/// reader so that they can never disagree on what a key looks like.
/// </summary>
internal static class AccessKeyInfos
{
    /// <summary>The live key, or null for a missing row or a tombstone.</summary>
    public static AccessKeyInfo? From(string accessKeyId, Deletable<KeyParams>? row) =>
        row is not null && row.TryGetValue(out var p)
            ? new AccessKeyInfo(accessKeyId, p.Secret, p.Name.Value, p.AllowCreateBucket.Value, p.CreatedMs)
            : null;
}
