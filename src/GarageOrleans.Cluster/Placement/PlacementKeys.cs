using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// The string-key formats our placement directors understand:
/// node-pinned grains are keyed <c>"&lt;nodeIdHex&gt;/&lt;rest&gt;"</c> (replica grains
/// <c>"&lt;nodeHex&gt;/&lt;table&gt;/&lt;partition&gt;"</c>, the block grain <c>"&lt;nodeHex&gt;/blocks"</c>);
/// replica-set grains are keyed <c>"&lt;partitionKeyHashHex&gt;"</c> or <c>"&lt;partitionKeyHashHex&gt;/&lt;rest&gt;"</c>
/// (object grain <c>"&lt;bucketIdHex&gt;/&lt;objectKey&gt;"</c>, multipart grain <c>"&lt;uploadIdHex&gt;"</c>).
/// Hex is 64 lower- or upper-case characters.
/// </summary>
public static class PlacementKeys
{
    private const int HexLength = Hash32.Size * 2;

    /// <summary>The key of a grain pinned to <paramref name="node"/>.</summary>
    public static string ForNode(NodeId node, string rest)
    {
        ArgumentNullException.ThrowIfNull(rest);
        return $"{node.ToHex()}/{rest}";
    }

    /// <summary>The node a node-pinned key names; false if the key does not start with 64 hex characters and '/'.</summary>
    public static bool TryGetNode(string? grainKey, out NodeId node)
    {
        node = default;
        return grainKey is { Length: > HexLength } && grainKey[HexLength] == '/'
            && NodeId.TryParseHex(grainKey[..HexLength], out node);
    }

    /// <summary>
    /// The partition (first byte of the 32-byte partition-key hash) of a replica-set key; false if the key does not
    /// start with 64 hex characters followed by '/' or the end of the key.
    /// </summary>
    public static bool TryGetPartition(string? grainKey, out byte partition)
    {
        partition = 0;
        if (grainKey is null || grainKey.Length < HexLength || (grainKey.Length > HexLength && grainKey[HexLength] != '/')
            || !Hash32.TryParseHex(grainKey[..HexLength], out var hash))
        {
            return false;
        }

        partition = hash.FirstByte;
        return true;
    }
}
