namespace GarageOrleans.Tables;

/// <summary>
/// The rows of one table partition on one node (grain key <c>"&lt;node hex&gt;/&lt;table&gt;/&lt;partition hex&gt;"</c>,
/// see <see cref="ReplicaGrainKey"/>). Pinned to that node's silo; reads and writes only that node's metadata engine.
/// </summary>
public interface ITableReplicaGrain : IGrainWithStringKey
{
    /// <summary>Merges each row into the stored one; durable when the task completes.</summary>
    Task InsertAsync(IReadOnlyList<TableRow> rows);

    Task<byte[]?> GetAsync(byte[] key);

    /// <summary>Rows with keys in [start, end) (end null = to the end of the partition), at most limit.</summary>
    Task<IReadOnlyList<TableRow>> RangeAsync(byte[] start, byte[]? end, int limit, bool reverse);
}
