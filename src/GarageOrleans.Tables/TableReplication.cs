namespace GarageOrleans.Tables;

/// <summary>How a table's partitions map to nodes.</summary>
public enum TableReplication
{
    /// <summary>256 partitions by the first byte of the partition key's hash, each on the layout's RF nodes.</summary>
    Sharded,

    /// <summary>
    /// Small tables every node needs (buckets, aliases, keys): one partition on every storage node, quorum over all
    /// of them (Garage's full-copy tables).
    /// </summary>
    FullCopy,
}
