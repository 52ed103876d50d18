using System.Buffers;
using GarageOrleans.Primitives;
using ZstdSharp;

namespace GarageOrleans.Blocks;

public sealed partial class BlockStore
{
    /// <summary>
    /// The verified plaintext of a block, or null when this node has no copy. The caller disposes the result (its
    /// array returns to <see cref="ArrayPool{T}.Shared"/>); <c>Memory.Length</c> is the plaintext length.
    /// </summary>
    /// <exception cref="BlockCorruptedException">The stored copy is bad; it has been set aside (later reads return
    /// null) and the block must be fetched from another replica.</exception>
    public async Task<IMemoryOwner<byte>?> ReadAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        var paths = BlockPaths.For(_dataDir, hash);
        var (path, compressed) = (paths.Compressed, true);
        var file = await TryReadFileAsync(path, cancellationToken);
        if (!file.Found)
        {
            (path, compressed) = (paths.Plain, false);
            file = await TryReadFileAsync(path, cancellationToken);
            if (!file.Found)
            {
                return null;
            }
        }

        PooledBlock? plaintext = null;
        string? problem = null;
        try
        {
            if (file.Content is null)
            {
                problem = $"file of {file.Length} bytes";
            }
            else if (compressed)
            {
                (plaintext, problem) = Decode(file.Content.Memory.Span);
            }
            else
            {
                // The stored bytes are the plaintext: hand the same pooled buffer over.
                (plaintext, file) = (file.Content, default);
            }

            if (plaintext is not null && BlockHash.Compute(plaintext.Memory.Span) != hash)
            {
                problem = "hash mismatch";
            }

            if (problem is null)
            {
                var result = plaintext!;
                plaintext = null;
                return result;
            }
        }
        finally
        {
            file.Content?.Dispose();
            plaintext?.Dispose();
        }

        SetAside(path, hash, problem);
        throw new BlockCorruptedException(hash, problem);
    }

    /// <summary>
    /// The whole file in a pooled buffer; Found is false when there is no such file, Content is null when the file is
    /// too large to be a block (it is then not read at all).
    /// </summary>
    private static async Task<(bool Found, PooledBlock? Content, long Length)> TryReadFileAsync(string path, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return default;
        }

        await using (stream)
        {
            var length = stream.Length;
            if (length > MaxBlockSizeBytes)
            {
                return (true, null, length);
            }

            var buffer = PooledBlock.Rent((int)length);
            try
            {
                var read = await stream.ReadAtLeastAsync(buffer.Memory, (int)length, throwOnEndOfStream: false, cancellationToken);
                if (read != length)
                {
                    throw new IOException($"{path} shrank while being read ({read} of {length} bytes)");
                }

                var result = buffer;
                buffer = null;
                return (true, result, length);
            }
            finally
            {
                buffer?.Dispose();
            }
        }
    }

    private (PooledBlock? Plaintext, string? Problem) Decode(ReadOnlySpan<byte> frame)
    {
        var decompressor = _codecs.RentDecompressor();
        PooledBlock? plaintext = null;
        try
        {
            var size = Decompressor.GetDecompressedSize(frame);
            if (size > MaxBlockSizeBytes)
            {
                return (null, $"zstd frame claims {size} bytes");
            }

            plaintext = PooledBlock.Rent((int)size);
            if (!decompressor.TryUnwrap(frame, plaintext.Memory.Span, out var written) || written != (int)size)
            {
                plaintext.Dispose();
                return (null, "zstd frame shorter or longer than its header says");
            }

            var result = plaintext;
            plaintext = null;
            return (result, null);
        }
        catch (ZstdException e)
        {
            plaintext?.Dispose();
            return (null, "bad zstd frame: " + e.Message);
        }
        finally
        {
            // A context left in an error state is reset by its next one-shot call, so it can be reused.
            _codecs.Return(decompressor);
        }
    }

    private void SetAside(string path, BlockHash hash, string problem)
    {
        LogBlockCorrupted(_logger, hash, path, problem);
        try
        {
            File.Move(path, path + BlockPaths.CorruptedSuffix, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // Another reader set it aside first.
        }
    }
}
