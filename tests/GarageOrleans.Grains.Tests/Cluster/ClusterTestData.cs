using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Tables;

namespace GarageOrleans.Grains.Tests.Cluster;

/// <summary>Rows, keys and direct replica reads the cluster tests share.</summary>
internal static class ClusterTestData
{
    /// <summary>A random partition key whose partition is <paramref name="partition"/>.</summary>
    public static Hash32 KeyIn(byte partition)
    {
        var bytes = Hash32.Random().ToArray();
        bytes[0] = partition;
        return new Hash32(bytes);
    }

    /// <summary>A block_ref row as one node's replica stores it (no quorum, no repair): null when absent.</summary>
    public static async Task<BlockRefRow?> OnNodeAsync(GarageTestCluster cluster, string viaSilo, NodeId node, Hash32 partitionKey, byte[] sortKey)
    {
        var tables = cluster.Tables(viaSilo);
        var replica = ReplicaOf(cluster, viaSilo, node, partitionKey);
        var encoded = await replica.GetAsync([.. partitionKey.ToArray(), .. sortKey]);
        return encoded is null ? null : tables.BlockRefs.Schema.Decode(encoded);
    }

    /// <summary>Writes a block_ref row into one node's replica only.</summary>
    public static Task PutOnNodeAsync(GarageTestCluster cluster, string viaSilo, NodeId node, Hash32 partitionKey, byte[] sortKey, BlockRefRow row) =>
        ReplicaOf(cluster, viaSilo, node, partitionKey).InsertAsync(
            [new TableRow([.. partitionKey.ToArray(), .. sortKey], cluster.Tables(viaSilo).BlockRefs.Schema.Encode(row))]);

    private static ITableReplicaGrain ReplicaOf(GarageTestCluster cluster, string viaSilo, NodeId node, Hash32 partitionKey) =>
        cluster.Cluster.GrainFactory.GetGrain<ITableReplicaGrain>(
            ReplicaGrainKey.Of(node, cluster.Tables(viaSilo).BlockRefs.Schema.Name, partitionKey.FirstByte));
}
