namespace GarageOrleans.Blocks;

/// <summary>
/// Options of the node-local block store (bound by Hosting from <c>Node:DataDir</c>, <c>Node:DataFsync</c> and the
/// <c>Blocks</c> section). <see cref="BlockStore"/> validates them in its constructor.
/// </summary>
public sealed record BlockStoreOptions
{
    /// <summary>Directory that holds the block files (<c>Node:DataDir</c>); created if missing.</summary>
    public required string DataDir { get; init; }

    /// <summary>fsync each block file and its directory before a put returns (<c>Node:DataFsync</c>).</summary>
    public bool Fsync { get; init; } = true;

    /// <summary>zstd level for new blocks (<c>Blocks:CompressionLevel</c>); null or 0 stores blocks uncompressed.</summary>
    public int? CompressionLevel { get; init; } = 1;

    /// <summary>Size new objects are cut into (<c>Blocks:BlockSize</c>). Stored blocks of other sizes stay readable.</summary>
    public int BlockSize { get; init; } = 1 << 20;

    /// <summary>How long a block stays on disk after its refcount reached 0 (a late re-reference keeps it).</summary>
    public TimeSpan GcDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Period of <see cref="BlockGcWorker"/>.</summary>
    public TimeSpan GcInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Set when the node has run before (its metadata existed at startup): a data directory without
    /// <see cref="BlockStore.MarkerFileName"/> then means the data disk is not mounted, and the store refuses to start
    /// rather than fill the wrong filesystem and report every block missing (Garage #601).
    /// </summary>
    public bool RequireMarker { get; init; }
}
