using System.Text.Json;
using System.Text.Json.Serialization;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>
/// One version of the cluster layout: node roles, the replication factor and, for each of the 256 partitions, the
/// <see cref="ReplicationFactor"/> storage nodes that hold it (in distinct zones where the zones allow it).
/// Immutable; every silo must compute the same placement from the same layout.
/// </summary>
public sealed class ClusterLayout
{
    public const int PartitionCount = 256;

    private readonly NodeId[][] _partitions;
    private readonly Dictionary<NodeId, NodeRole> _roles;

    private ClusterLayout(ulong version, int replicationFactor, IReadOnlyList<NodeRole> roles, NodeId[][] partitions)
    {
        Version = version;
        ReplicationFactor = replicationFactor;
        Roles = roles;
        _partitions = partitions;
        _roles = roles.ToDictionary(r => r.Node);
        StorageNodes = [.. roles.Where(r => !r.IsGateway).Select(r => r.Node).Order()];
    }

    public ulong Version { get; }

    public int ReplicationFactor { get; }

    public IReadOnlyList<NodeRole> Roles { get; }

    /// <summary>Nodes that hold data, sorted by id.</summary>
    public IReadOnlyList<NodeId> StorageNodes { get; }

    /// <summary>The storage nodes of a partition.</summary>
    public IReadOnlyList<NodeId> NodesOf(byte partition) => _partitions[partition];

    public NodeRole? RoleOf(NodeId node) => _roles.GetValueOrDefault(node);

    /// <summary>Computes a layout version from roles; <paramref name="previous"/> lets the assignment keep data in place.</summary>
    public static ClusterLayout Compute(ulong version, int replicationFactor, IReadOnlyList<NodeRole> roles, ClusterLayout? previous)
    {
        var assignment = LayoutAssignment.Assign(roles, replicationFactor, previous is null ? null : previous._partitions);
        return new ClusterLayout(version, replicationFactor, roles, assignment);
    }

    /// <summary>The layout a fresh single node applies to itself (DESIGN §1: RF 1, zero configuration).</summary>
    public static ClusterLayout SingleNode(NodeId node, string zone, long capacityBytes) =>
        Compute(1, 1, [new NodeRole(node, zone, capacityBytes)], null);

    public string ToJson() => JsonSerializer.Serialize(
        new LayoutDocument(
            Version,
            ReplicationFactor,
            [.. Roles.Select(r => new RoleDocument(r.Node.ToHex(), r.Zone, r.CapacityBytes))],
            [.. _partitions.Select(p => p.Select(n => n.ToHex()).ToArray())]),
        LayoutJson.Default.LayoutDocument);

    public static ClusterLayout FromJson(string json)
    {
        var doc = JsonSerializer.Deserialize(json, LayoutJson.Default.LayoutDocument)
            ?? throw new InvalidDataException("empty layout document");
        if (doc.Partitions.Length != PartitionCount)
        {
            throw new InvalidDataException($"layout has {doc.Partitions.Length} partitions, expected {PartitionCount}");
        }

        var roles = doc.Roles.Select(r => new NodeRole(NodeId.ParseHex(r.Node), r.Zone, r.Capacity)).ToArray();
        var partitions = doc.Partitions.Select(p => p.Select(NodeId.ParseHex).ToArray()).ToArray();
        return new ClusterLayout(doc.Version, doc.ReplicationFactor, roles, partitions);
    }

    internal sealed record RoleDocument(string Node, string Zone, long? Capacity);

    internal sealed record LayoutDocument(ulong Version, int ReplicationFactor, RoleDocument[] Roles, string[][] Partitions);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterLayout.LayoutDocument))]
internal sealed partial class LayoutJson : JsonSerializerContext;
