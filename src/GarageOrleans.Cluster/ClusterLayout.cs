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

    /// <summary>True for the layout of a node that has not joined a layout yet: no roles, no partition has nodes.</summary>
    public bool IsEmpty => StorageNodes.Count == 0;

    /// <summary>The storage nodes of a partition, sorted by id (empty only in an <see cref="IsEmpty"/> layout).</summary>
    public IReadOnlyList<NodeId> NodesOf(byte partition) => _partitions[partition];

    /// <summary>How many partitions <paramref name="node"/> holds a replica of.</summary>
    public int PartitionCountOf(NodeId node) => _partitions.Count(p => Array.IndexOf(p, node) >= 0);

    /// <summary>
    /// Replicas this layout places on a node that did not hold them in <paramref name="previous"/>: the number of
    /// partition copies a change from <paramref name="previous"/> to this layout has to transfer.
    /// </summary>
    public int ReplicasMovedFrom(ClusterLayout previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var moved = 0;
        for (var p = 0; p < PartitionCount; p++)
        {
            moved += _partitions[p].Count(n => Array.IndexOf(previous._partitions[p], n) < 0);
        }

        return moved;
    }

    public NodeRole? RoleOf(NodeId node) => _roles.GetValueOrDefault(node);

    /// <summary>
    /// Computes a layout version from roles (docs/layout-assignment.md); <paramref name="previous"/> lets the
    /// assignment keep data in place.
    /// </summary>
    /// <exception cref="InvalidLayoutException">
    /// Duplicated node, missing zone, capacity not positive, replication factor below 1 or above the number of storage nodes.
    /// </exception>
    public static ClusterLayout Compute(ulong version, int replicationFactor, IReadOnlyList<NodeRole> roles, ClusterLayout? previous)
    {
        var assignment = LayoutAssignment.Assign(roles, replicationFactor, previous is null ? null : previous._partitions);
        return new ClusterLayout(version, replicationFactor, roles, assignment);
    }

    /// <summary>
    /// A layout from an assignment computed earlier (a stored or received layout history): checked like
    /// <see cref="FromJson"/>, since placement on every silo trusts it.
    /// </summary>
    /// <exception cref="InvalidDataException">The assignment breaks the layout's invariants.</exception>
    internal static ClusterLayout FromAssignment(ulong version, int replicationFactor, IReadOnlyList<NodeRole> roles, NodeId[][] partitions)
    {
        if (partitions.Length != PartitionCount)
        {
            throw new InvalidDataException($"layout has {partitions.Length} partitions, expected {PartitionCount}");
        }

        if (roles.Select(r => r.Node).Distinct().Count() != roles.Count)
        {
            throw new InvalidDataException($"layout version {version} names a node twice");
        }

        var layout = new ClusterLayout(version, replicationFactor, roles, partitions);
        layout.CheckAssignment();
        return layout;
    }

    /// <summary>The layout a fresh single node applies to itself (DESIGN §1: RF 1, zero configuration).</summary>
    public static ClusterLayout SingleNode(NodeId node, string zone, long capacityBytes) =>
        Compute(1, 1, [new NodeRole(node, zone, capacityBytes)], null);

    /// <summary>
    /// Version 0: what a node that has no layout yet (and did not apply its own single-node layout) sees. Every
    /// partition is empty, so placement falls back to any live silo and replica grains have nowhere to go.
    /// </summary>
    public static ClusterLayout Empty(int replicationFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        return new ClusterLayout(0, replicationFactor, [], [.. Enumerable.Range(0, PartitionCount).Select(_ => Array.Empty<NodeId>())]);
    }

    public string ToJson() => JsonSerializer.Serialize(
        new LayoutDocument(
            Version,
            ReplicationFactor,
            [.. Roles.Select(r => new RoleDocument(r.Node.ToHex(), r.Zone, r.CapacityBytes))],
            [.. _partitions.Select(p => p.Select(n => n.ToHex()).ToArray())]),
        LayoutJson.Default.LayoutDocument);

    /// <exception cref="InvalidDataException">The document is not a layout, or its assignment is not valid.</exception>
    public static ClusterLayout FromJson(string json)
    {
        LayoutDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, LayoutJson.Default.LayoutDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a layout document: {e.Message}", e);
        }

        if (doc?.Roles is null || doc.Partitions is null || doc.Roles.Any(r => r?.Node is null || r.Zone is null))
        {
            throw new InvalidDataException("empty layout document");
        }

        if (doc.Partitions.Length != PartitionCount)
        {
            throw new InvalidDataException($"layout has {doc.Partitions.Length} partitions, expected {PartitionCount}");
        }

        try
        {
            var roles = doc.Roles.Select(r => new NodeRole(NodeId.ParseHex(r.Node), r.Zone, r.Capacity)).ToArray();
            var partitions = doc.Partitions.Select(p => p.Select(NodeId.ParseHex).ToArray()).ToArray();
            var layout = new ClusterLayout(doc.Version, doc.ReplicationFactor, roles, partitions);
            layout.CheckAssignment();
            return layout;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidDataException($"invalid layout document: {e.Message}", e);
        }
    }

    /// <summary>A stored layout is trusted by placement on every silo, so reject any that breaks the invariants.</summary>
    private void CheckAssignment()
    {
        if (ReplicationFactor < 1)
        {
            throw new InvalidDataException($"layout version {Version} has replication factor {ReplicationFactor}");
        }

        var expected = IsEmpty ? 0 : ReplicationFactor;
        for (var p = 0; p < PartitionCount; p++)
        {
            var nodes = _partitions[p];
            if (nodes.Length != expected || nodes.Distinct().Count() != nodes.Length
                || nodes.Any(n => RoleOf(n) is not { IsGateway: false }))
            {
                throw new InvalidDataException(
                    $"layout version {Version}: partition {p} must hold {expected} distinct storage nodes of the layout");
            }
        }
    }

    internal sealed record RoleDocument(string Node, string Zone, long? Capacity);

    internal sealed record LayoutDocument(ulong Version, int ReplicationFactor, RoleDocument[] Roles, string[][] Partitions);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterLayout.LayoutDocument))]
internal sealed partial class LayoutJson : JsonSerializerContext;
