using System.Buffers;
using System.Buffers.Binary;
using GarageOrleans.Abstractions;
using GarageOrleans.Blocks;
using GarageOrleans.Cluster;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Data;

/// <summary>
/// The block data path behind <see cref="IObjectDataClient"/>: blocks go to the nodes of their hash's partition
/// (the local node directly, others through <see cref="IBlockNodeGrain"/>), block entries to the version table and
/// references to the block_ref table.
/// </summary>
internal sealed class ObjectDataClient(
    MetadataTables tables,
    BlockStore localStore,
    LocalNode localNode,
    ILayoutProvider layout,
    IGrainFactory grains,
    BlockDataOptions options) : IObjectDataClient
{
    private const int CopyPageSize = 256;

    public int BlockSize => options.BlockSize;

    public async Task PutBlockAsync(VersionId dataVersion, long offset, BlockHash hash, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // References first: a block file is never on disk without a reference that will eventually release it. And
        // the version's entry before the reference: releasing a version tombstones the references its entries list,
        // so a reference committed without its entry (a crash between two parallel writes) would never be released.
        await tables.Versions.InsertAsync(dataVersion.Value, OffsetKey(offset), new VersionRow(false, hash, data.Length));
        await tables.BlockRefs.InsertAsync(hash.Value, dataVersion.Value.ToArray(), BlockRefRow.Live);

        var nodes = layout.Current.NodesOf(hash.Partition);
        var quorum = Quorum.For(nodes.Count, options.ConsistencyMode).Write;
        byte[]? remoteCopy = null;
        var writes = nodes.Select(node =>
        {
            if (node == localNode.Id)
            {
                return localStore.PutAsync(hash, data, cancellationToken);
            }

            remoteCopy ??= data.ToArray();
            return grains.GetGrain<IBlockNodeGrain>(BlockNodeGrain.KeyOf(node)).PutAsync(hash, remoteCopy).WaitAsync(options.ReplicaCallTimeout, cancellationToken);
        }).ToList();

        var ok = 0;
        var errors = new List<Exception>();
        while (ok < quorum)
        {
            if (writes.Count == 0)
            {
                throw new QuorumException($"block {hash}: stored on {ok} of {quorum} required nodes", errors);
            }

            var done = await Task.WhenAny(writes);
            writes.Remove(done);
            try
            {
                await done;
                ok++;
            }
            catch (InsufficientStorageException)
            {
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add(e);
            }
        }
    }

    public async Task<IReadOnlyList<BlockEntry>> ListBlocksAsync(VersionId dataVersion, long fromOffset, int limit, CancellationToken cancellationToken)
    {
        var (rows, _) = await tables.Versions.RangeAsync(dataVersion.Value, OffsetKey(fromOffset), null, limit);
        return [.. rows
            .Where(r => r.SortKey.Length == sizeof(long) && r.Row.Hash is not null)
            .Select(r => new BlockEntry(BinaryPrimitives.ReadInt64BigEndian(r.SortKey), r.Row.Hash!.Value, r.Row.Size))];
    }

    public async Task<IMemoryOwner<byte>> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken)
    {
        var nodes = layout.Current.NodesOf(hash.Partition);
        var errors = new List<Exception>();

        // Prefer the local copy: no network, no copy.
        if (nodes.Contains(localNode.Id))
        {
            try
            {
                var local = await localStore.ReadAsync(hash, cancellationToken);
                if (local is not null)
                {
                    return local;
                }
            }
            catch (BlockCorruptedException e)
            {
                errors.Add(e);
            }
        }

        foreach (var node in nodes.Where(n => n != localNode.Id))
        {
            try
            {
                var data = await grains.GetGrain<IBlockNodeGrain>(BlockNodeGrain.KeyOf(node)).GetAsync(hash)
                    .WaitAsync(options.ReplicaCallTimeout, cancellationToken);
                if (data is not null)
                {
                    return new ArrayOwner(data);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add(e);
            }
        }

        throw new BlockUnavailableException(
            $"block {hash}: no good copy on {nodes.Count} node(s)", errors.Count > 0 ? new AggregateException(errors) : new InvalidOperationException("not found"));
    }

    public async Task CopyDataAsync(VersionId source, VersionId destination, CancellationToken cancellationToken)
    {
        var destinationKey = destination.Value.ToArray();
        long from = 0;
        while (true)
        {
            var page = await ListBlocksAsync(source, from, CopyPageSize, cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            // Entries before references, as in PutBlockAsync.
            await tables.Versions.InsertManyAsync(page.Select(b => (destination.Value, OffsetKey(b.Offset), new VersionRow(false, b.Hash, b.Size))));
            await tables.BlockRefs.InsertManyAsync(page.Select(b => (b.Hash.Value, destinationKey, BlockRefRow.Live)));
            from = page[^1].Offset + 1;
        }
    }

    internal static byte[] OffsetKey(long offset)
    {
        var key = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(key, offset);
        return key;
    }

    private sealed class ArrayOwner(byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => array;

        public void Dispose()
        {
        }
    }
}
