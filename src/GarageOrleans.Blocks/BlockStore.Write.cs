using System.Buffers;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.Blocks;

public sealed partial class BlockStore
{
    /// <summary>
    /// Stores a block. Returns false when it was already present (content-addressed: same hash, same bytes).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="plaintext"/> does not hash to <paramref name="hash"/>, or is
    /// larger than <see cref="MaxBlockSizeBytes"/>.</exception>
    /// <exception cref="InsufficientStorageException">The data disk is full; nothing was left behind.</exception>
    public async Task<bool> PutAsync(BlockHash hash, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        if (plaintext.Length > MaxBlockSizeBytes)
        {
            throw new ArgumentException($"a block holds at most {MaxBlockSizeBytes} bytes, got {plaintext.Length}", nameof(plaintext));
        }

        if (BlockHash.Compute(plaintext.Span) != hash)
        {
            throw new ArgumentException($"the data does not hash to {hash.ToHex()}", nameof(plaintext));
        }

        var paths = BlockPaths.For(_dataDir, hash);

        // The "already here" answer is given under the block's lock, the lock the GC holds from its refcount
        // decision to the unlink: an unlocked look could see a file the GC has already decided to delete, answer
        // "stored" and lose the block (the caller's reference, taken just before, came too late for that decision).
        // Under the lock the file is either still wanted (the GC decides after our caller's reference and keeps it)
        // or already gone (and is written again below).
        using (await _locks.LockAsync(hash, cancellationToken))
        {
            if (File.Exists(paths.Compressed) || File.Exists(paths.Plain))
            {
                return false;
            }
        }

        byte[]? compressedBuffer = null;
        string? tempPath = null;
        try
        {
            var (content, compressed) = Encode(plaintext, ref compressedBuffer);
            EnsureDirectory(paths.Directory);
            tempPath = paths.NewTempPath();
            await WriteFileAsync(tempPath, content, cancellationToken);
            AfterTempWrittenForTests?.Invoke(tempPath);

            using (await _locks.LockAsync(hash, cancellationToken))
            {
                // Re-checked under the lock: a concurrent put of the same block may have won meanwhile.
                if (File.Exists(paths.Compressed) || File.Exists(paths.Plain))
                {
                    return false;
                }

                File.Move(tempPath, compressed ? paths.Compressed : paths.Plain, overwrite: true);
                tempPath = null;
                if (Options.Fsync)
                {
                    DirectorySync.Flush(paths.Directory);
                }
            }

            return true;
        }
        catch (IOException e) when (DiskFull.Is(e))
        {
            LogDiskFull(_logger, hash, _dataDir);
            throw new InsufficientStorageException($"no space left in the data directory for block {hash}", e);
        }
        finally
        {
            if (compressedBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(compressedBuffer);
            }

            if (tempPath is not null)
            {
                DeleteQuietly(tempPath);
            }
        }
    }

    /// <summary>The bytes to store: zstd only when it is smaller than the plaintext.</summary>
    private (ReadOnlyMemory<byte> Content, bool Compressed) Encode(ReadOnlyMemory<byte> plaintext, ref byte[]? buffer)
    {
        if (!_compress || plaintext.IsEmpty)
        {
            return (plaintext, false);
        }

        buffer = ArrayPool<byte>.Shared.Rent(ZstdSharp.Compressor.GetCompressBound(plaintext.Length));
        var compressor = _codecs.RentCompressor();
        int length;
        try
        {
            length = compressor.Wrap(plaintext.Span, buffer);
        }
        finally
        {
            _codecs.Return(compressor);
        }

        return length < plaintext.Length ? (buffer.AsMemory(0, length), true) : (plaintext, false);
    }

    private async Task WriteFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            // One write of the whole block: a FileStream buffer would only add a copy. No PreallocationSize: on Unix
            // its "disk full" IOException carries no errno, and the plain write reports ENOSPC just as early.
            BufferSize = 0,
        };
        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(content, cancellationToken);
        if (Options.Fsync)
        {
            stream.Flush(flushToDisk: true);
        }
    }

    private void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        if (Options.Fsync)
        {
            // The new xx and yy entries must survive a crash too, or the renamed file would be unreachable.
            var parent = Path.GetDirectoryName(directory)!;
            DirectorySync.Flush(parent);
            DirectorySync.Flush(Path.GetDirectoryName(parent)!);
        }
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogTempDeleteFailed(_logger, path, e);
        }
    }
}
