using GarageOrleans.Blocks;
using GarageOrleans.Primitives;
using Orleans.Concurrency;

namespace GarageOrleans.Grains.Data;

/// <summary>Reentrant: the block store is thread-safe and block I/O must not queue behind other blocks.</summary>
[Reentrant]
internal sealed class BlockNodeGrain(BlockStore store) : Grain, IBlockNodeGrain
{
    public static string KeyOf(NodeId node) => node.ToHex() + "/blocks";

    Task<bool> IBlockNodeGrain.PutAsync(BlockHash hash, byte[] data) => store.PutAsync(hash, data, CancellationToken.None);

    async Task<byte[]?> IBlockNodeGrain.GetAsync(BlockHash hash)
    {
        try
        {
            using var owner = await store.ReadAsync(hash, CancellationToken.None);
            return owner?.Memory.ToArray();
        }
        catch (BlockCorruptedException)
        {
            return null; // set aside by the store; the caller tries another replica
        }
    }
}
