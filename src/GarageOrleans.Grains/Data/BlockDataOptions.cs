using GarageOrleans.Cluster;

namespace GarageOrleans.Grains.Data;

/// <summary>Options of the block data path (bound from <c>Blocks:*</c> and <c>Cluster:ConsistencyMode</c>).</summary>
public sealed record BlockDataOptions
{
    /// <summary>Objects are cut into blocks of this many bytes (<c>Blocks:BlockSize</c>, default 1 MiB).</summary>
    public int BlockSize { get; init; } = 1 << 20;

    public ConsistencyMode ConsistencyMode { get; init; } = ConsistencyMode.Consistent;

    /// <summary>
    /// How long one node may take to store or return a block before it counts as failed (docs/cluster.md §3): a node
    /// membership has declared dead is skipped without a call, one that crashed but is not declared yet (≈ 6–7 s)
    /// must not stall a request longer than this.
    /// </summary>
    public TimeSpan ReplicaCallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A block read asks the next replica as well when the ones asked have not answered within this delay (the first
    /// good answer wins). Short enough that a slow or suspect node costs a read little, long enough that a healthy
    /// replica (a 1 MiB block over a LAN: a few ms) answers first and no second copy crosses the network.
    /// </summary>
    public TimeSpan HedgeDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A single PUT or copy still uploading this long after it began belongs to a writer that died (process killed,
    /// node lost): it is aborted and its blocks released (<c>Blocks:UploadTimeout</c>, default 24 h, longer than any
    /// 5 GiB PUT takes).
    /// </summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A multipart upload neither completed nor aborted this long after it began is aborted and its parts released
    /// (<c>Blocks:AbortIncompleteMultipartAfter</c>, default 7 days); null keeps such uploads forever, as AWS does
    /// without a lifecycle rule.
    /// </summary>
    public TimeSpan? IncompleteMultipartTimeout { get; init; } = TimeSpan.FromDays(7);
}
