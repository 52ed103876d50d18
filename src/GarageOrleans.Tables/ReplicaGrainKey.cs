using System.Globalization;
using GarageOrleans.Primitives;

namespace GarageOrleans.Tables;

/// <summary>Builds and parses replica grain keys; the node id comes first so the node-pinned director can read it.</summary>
public static class ReplicaGrainKey
{
    public static string Of(NodeId node, string table, byte partition) =>
        string.Create(CultureInfo.InvariantCulture, $"{node.ToHex()}/{table}/{partition:x2}");

    public static (NodeId Node, string Table, byte Partition) Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || !NodeId.TryParseHex(parts[0], out var node)
            || !byte.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var partition))
        {
            throw new FormatException($"not a replica grain key: {key}");
        }

        return (node, parts[1], partition);
    }
}
