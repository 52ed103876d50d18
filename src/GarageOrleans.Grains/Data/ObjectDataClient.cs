using System.Buffers;
using System.Buffers.Binary;
using GarageOrleans.Abstractions;
using GarageOrleans.Blocks;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Data;

/// <summary>
/// The block data path behind <see cref="IObjectDataClient"/>: blocks go to the nodes of their hash's partition in
/// every active layout version (the local node directly, others through <see cref="IBlockNodeGrain"/>), block
/// entries to the version table and references to the block_ref table (docs/cluster.md §5). Nodes the silo's
/// <see cref="NodeSiloMap"/> does not list as active are not called (without a map every node is).
/// </summary>
internal sealed class ObjectDataClient(
    MetadataTables tables,
    BlockStore localStore,
    LocalNode localNode,
    ILayoutProvider layout,
    IGrainFactory grains,
    BlockDataOptions options,
    TimeProvider clock,
    NodeSiloMap? nodes = null) : IObjectDataClient
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

        // The lease is held until the block is acknowledged (see ILayoutProvider.BeginWrite).
        using var lease = layout.BeginWrite(out var history);
        var sets = ReplicaSets.WriteSets(history, hash.Partition);
        if (sets.Count == 0)
        {
            throw new NoLayoutException();
        }

        var targets = ReplicaSets.AllNodes(sets);

        // Buffer ownership (docs/cluster.md §5): the caller returns data's buffer to its pool once this call returns,
        // and the call returns at quorum, possibly before every writer is done. So when there is more than one writer,
        // every writer, the local one included, reads one copy made here, which nobody returns to a pool: remote
        // writers need a byte[] of their own anyway (a grain message may still be serialised after a timeout), and
        // sharing it costs the local write nothing. Only a lone writer reads data directly, and that one is always
        // awaited (its answer is the quorum), so it too is done before the buffer goes back.
        ReadOnlyMemory<byte> payload = data;
        byte[]? copy = null;
        if (targets.Count > 1 || targets[0] != localNode.Id)
        {
            copy = data.ToArray();
            payload = copy;
        }

        var mode = options.ConsistencyMode;
        var ok = new HashSet<NodeId>();
        var failed = new HashSet<NodeId>();
        var errors = new List<Exception>();
        var writes = new List<(NodeId Node, Task Task)>();
        foreach (var node in targets)
        {
            if (node == localNode.Id)
            {
                writes.Add((node, localStore.PutAsync(hash, payload, cancellationToken)));
            }
            else if (IsDown(node))
            {
                failed.Add(node);
                errors.Add(new InvalidOperationException($"node {node} is not an active cluster member"));
            }
            else
            {
                writes.Add((node, grains.GetGrain<IBlockNodeGrain>(BlockNodeGrain.KeyOf(node)).PutAsync(hash, copy!)
                    .WaitAsync(options.ReplicaCallTimeout, cancellationToken)));
            }
        }

        while (!ReplicaSets.WriteQuorumReached(sets, ok, mode))
        {
            if (writes.Count == 0 || !ReplicaSets.WriteQuorumPossible(sets, failed, mode))
            {
                throw new QuorumException(
                    $"block {hash}: stored on {ok.Count} node(s), {failed.Count} failed; needs the write quorum of each of {string.Join(", ", sets)}", errors);
            }

            var done = await Task.WhenAny(writes.Select(w => w.Task));
            var index = writes.FindIndex(w => w.Task == done);
            var node = writes[index].Node;
            writes.RemoveAt(index);
            try
            {
                await done;
                ok.Add(node);
            }
            catch (InsufficientStorageException)
            {
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed.Add(node);
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
        var history = layout.History;
        var errors = new List<Exception>();

        // The local copy first, whatever version placed it here: no network, no copy, and hash-verified like any other.
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
            errors.Add(e); // set aside by the store; another node's copy is asked for at once
        }

        var zone = history.Current?.Layout.RoleOf(localNode.Id)?.Zone ?? localNode.Zone;
        var candidates = BlockReadOrder.Candidates(history, hash.Partition, localNode.Id, zone).Where(n => !IsDown(n)).ToList();
        var data = await HedgedRead.FirstAsync(
            candidates,
            node => grains.GetGrain<IBlockNodeGrain>(BlockNodeGrain.KeyOf(node)).GetAsync(hash).WaitAsync(options.ReplicaCallTimeout, cancellationToken),
            options.HedgeDelay,
            clock,
            errors,
            cancellationToken);
        if (data is not null)
        {
            return new ArrayOwner(data);
        }

        throw new BlockUnavailableException(
            $"block {hash}: no good copy here nor on the {candidates.Count} active node(s) asked",
            errors.Count > 0 ? new AggregateException(errors) : new InvalidOperationException("not found"));
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

    /// <summary>True when membership does not list <paramref name="node"/> as active: it is not called.</summary>
    private bool IsDown(NodeId node) => nodes is not null && node != localNode.Id && !nodes.TryGetSilo(node, out _);

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
