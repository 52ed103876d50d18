using GarageOrleans.Blocks;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;
using Orleans.Concurrency;

namespace GarageOrleans.Grains.Data;

/// <summary>Reentrant: the block store is thread-safe and block I/O must not queue behind other blocks.</summary>
[Reentrant]
[NodePinned]
internal sealed class BlockNodeGrain(BlockStore store, LocalNode local) : Grain, IBlockNodeGrain
{
    public static string KeyOf(NodeId node) => node.ToHex() + "/blocks";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        NodePinning.EnsurePlaced(this, this.GetPrimaryKeyString(), local.Id, "block grain");
        return Task.CompletedTask;
    }

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
