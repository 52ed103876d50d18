using System.Runtime.CompilerServices;
using GarageOrleans.Primitives;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GarageOrleans.Blocks;

/// <summary>
/// Content-addressed block files on this node's data disk (Garage's block manager, local part). Thread-safe.
/// </summary>
/// <remarks>
/// Guarantees: a block file, once visible under its final name, is complete (temp file + rename, fsync when
/// <see cref="BlockStoreOptions.Fsync"/>); every read verifies SHA-256 of the plaintext; a corrupt file is set aside as
/// <c>.corrupted</c> and never served. Callers that keep a block must raise its refcount
/// (<see cref="BlockRefcounts.Increment"/>) <em>before</em> <see cref="PutAsync"/>: the GC re-checks the refcount
/// and then deletes under the same lock a put takes, so a block referenced first is never collected under it.
/// </remarks>
public sealed partial class BlockStore : IDisposable
{
    /// <summary>File written in the data directory on first use; see <see cref="BlockStoreOptions.RequireMarker"/>.</summary>
    public const string MarkerFileName = "garage-marker";

    /// <summary>Largest block accepted or read back: bounds what a corrupt zstd header can make us allocate.</summary>
    public const int MaxBlockSizeBytes = 64 << 20;

    private readonly string _dataDir;
    private readonly ZstdCodecPool _codecs;
    private readonly bool _compress;
    private readonly BlockLocks _locks = new();
    private readonly ILogger _logger;

    public BlockStore(BlockStoreOptions options, ILogger<BlockStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDir, "options.DataDir");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BlockSize, "options.BlockSize");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BlockSize, MaxBlockSizeBytes, "options.BlockSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GcDelay, TimeSpan.Zero, "options.GcDelay");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.GcInterval, TimeSpan.Zero, "options.GcInterval");
        var level = options.CompressionLevel ?? 0;
        ArgumentOutOfRangeException.ThrowIfLessThan(level, ZstdSharp.Compressor.MinCompressionLevel, "options.CompressionLevel");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, ZstdSharp.Compressor.MaxCompressionLevel, "options.CompressionLevel");

        Options = options;
        _dataDir = Path.GetFullPath(options.DataDir);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _compress = level != 0;
        // Built even without compression: .zst blocks written under another setting must stay readable.
        _codecs = new ZstdCodecPool(_compress ? level : ZstdSharp.Compressor.DefaultCompressionLevel);
        EnsureMarker();
    }

    public BlockStoreOptions Options { get; }

    /// <summary>Absolute path of the data directory.</summary>
    public string DataDir => _dataDir;

    /// <summary>Test seam: runs after the temp file is written and closed, before the rename.</summary>
    internal Action<string>? AfterTempWrittenForTests { get; set; }

    public Task<bool> ExistsAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        var paths = BlockPaths.For(_dataDir, hash);
        return Task.FromResult(File.Exists(paths.Compressed) || File.Exists(paths.Plain));
    }

    /// <summary>Removes the block's file(s); returns whether there was one. Callers own the refcount decision.</summary>
    public async Task<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        using (await _locks.LockAsync(hash, cancellationToken))
        {
            return DeleteFilesLocked(hash);
        }
    }

    /// <summary>
    /// Every block file on disk, one hash per block, grouped by xx/yy directory and sorted within it (scrub, repair).
    /// Blocks written or deleted during the walk may or may not appear.
    /// </summary>
    public async IAsyncEnumerable<BlockHash> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var hashes = new List<BlockHash>();
        foreach (var directory in LeafDirectories())
        {
            cancellationToken.ThrowIfCancellationRequested();
            hashes.Clear();
            try
            {
                foreach (var file in Directory.EnumerateFiles(directory))
                {
                    if (BlockPaths.TryParseFileName(Path.GetFileName(file.AsSpan()), out var hash, out _))
                    {
                        hashes.Add(hash);
                    }
                }
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            hashes.Sort();
            for (var i = 0; i < hashes.Count; i++)
            {
                // A block present both plain and compressed (after a change of level) is listed once.
                if (i == 0 || hashes[i] != hashes[i - 1])
                {
                    yield return hashes[i];
                }
            }

            // Hands the thread back between directories: a full walk can take minutes on a large disk.
            await Task.Yield();
        }
    }

    /// <summary>
    /// Deletes the temp files of block writes that died with their process (or whose own clean-up failed): those last
    /// written before <paramref name="olderThanUtc"/>. A live write keeps its temp file for milliseconds, so any
    /// cut-off before this process started, or an hour ago, never touches one. Returns the number deleted.
    /// </summary>
    public async Task<int> DeleteStaleTempFilesAsync(DateTime olderThanUtc, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        foreach (var directory in LeafDirectories())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                foreach (var file in Directory.EnumerateFiles(directory))
                {
                    if (BlockPaths.IsTempFileName(Path.GetFileName(file.AsSpan())) && File.GetLastWriteTimeUtc(file) < olderThanUtc)
                    {
                        DeleteQuietly(file);
                        deleted++;
                    }
                }
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            await Task.Yield();
        }

        return deleted;
    }

    /// <summary>Free space for this process and total size of the filesystem holding the data directory, in bytes.</summary>
    public (long Available, long Total) DiskSpace()
    {
        var drive = new DriveInfo(_dataDir);
        return (drive.AvailableFreeSpace, drive.TotalSize);
    }

    public void Dispose() => _codecs.Dispose();

    internal ValueTask<BlockLocks.Releaser> LockAsync(BlockHash hash, CancellationToken cancellationToken) =>
        _locks.LockAsync(hash, cancellationToken);

    /// <summary>Deletes the block's files; the caller holds the hash's lock.</summary>
    internal bool DeleteFilesLocked(BlockHash hash)
    {
        var paths = BlockPaths.For(_dataDir, hash);
        var deleted = TryDelete(paths.Compressed) | TryDelete(paths.Plain);
        if (deleted && Options.Fsync)
        {
            DirectorySync.Flush(paths.Directory);
        }

        return deleted;
    }

    private static bool TryDelete(string path)
    {
        // File.Delete is silent when the file is missing; the existence check only tells the caller what happened.
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>The xx/yy directories that hold block files, in order (a walk of the whole disk: scrub, repair).</summary>
    private IEnumerable<string> LeafDirectories() => ShardDirectories(_dataDir).SelectMany(ShardDirectories);

    private static IEnumerable<string> ShardDirectories(string parent)
    {
        string[] children;
        try
        {
            children = Directory.GetDirectories(parent);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        return children.Where(d => BlockPaths.IsShardDirectoryName(Path.GetFileName(d.AsSpan()))).Order(StringComparer.Ordinal);
    }

    private void EnsureMarker()
    {
        Directory.CreateDirectory(_dataDir);
        var marker = Path.Join(_dataDir, MarkerFileName);
        if (File.Exists(marker))
        {
            return;
        }

        var reason = ShardDirectories(_dataDir).Any() ? "it holds block folders"
            : Options.RequireMarker ? "this node has run before"
            : null;
        if (reason is not null)
        {
            throw new InvalidOperationException(
                $"The data directory '{_dataDir}' has no {MarkerFileName} file although {reason}: refusing to start, " +
                "in case the wrong disk (or none) is mounted there. If this really is the node's data directory, " +
                $"create an empty file '{marker}' and restart.");
        }

        using (var stream = new FileStream(marker, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write("GarageOrleans data directory: keep this file; without it the node refuses to start.\n"u8);
            stream.Flush(Options.Fsync);
        }

        if (Options.Fsync)
        {
            DirectorySync.Flush(_dataDir);
        }

        LogMarkerCreated(_logger, _dataDir);
    }
}
