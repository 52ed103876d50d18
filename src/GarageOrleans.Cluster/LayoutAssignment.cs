using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>Assigns the replicas of each partition to storage nodes.</summary>
internal static class LayoutAssignment
{
    /// <summary>
    /// For each of the 256 partitions, <paramref name="replicationFactor"/> distinct storage nodes. Deterministic:
    /// the same inputs give the same output on every node.
    /// </summary>
    public static NodeId[][] Assign(IReadOnlyList<NodeRole> roles, int replicationFactor, NodeId[][]? previous)
    {
        var storage = roles.Where(r => !r.IsGateway).Select(r => r.Node).Order().ToArray();
        if (storage.Length < replicationFactor)
        {
            throw new InvalidOperationException(
                $"replication factor {replicationFactor} needs at least {replicationFactor} storage nodes, the layout has {storage.Length}");
        }

        var result = new NodeId[ClusterLayout.PartitionCount][];
        for (var p = 0; p < result.Length; p++)
        {
            result[p] = [.. Enumerable.Range(0, replicationFactor).Select(i => storage[(p + i) % storage.Length])];
        }

        return result;
    }
}
