using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;
using Orleans.Concurrency;

namespace GarageOrleans.Grains.Node;

/// <summary>Reentrant: every call is a read or a merge into <see cref="LayoutStore"/>, which serialises its own changes.</summary>
[Reentrant]
[NodePinned]
internal sealed class NodeLayoutGrain(LayoutStore store, LocalNode local) : Grain, INodeLayoutGrain
{
    public static string KeyOf(NodeId node) => node.ToHex() + "/layout";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Never answer for another node's history: this silo's store is not that node's.
        NodePinning.EnsurePlaced(this, this.GetPrimaryKeyString(), local.Id, "layout grain");
        return Task.CompletedTask;
    }

    Task<LayoutDigest> INodeLayoutGrain.GetDigestAsync() => Task.FromResult(store.History.Digest);

    Task<LayoutHistory> INodeLayoutGrain.GetHistoryAsync() => Task.FromResult(store.History);

    Task<LayoutHistory> INodeLayoutGrain.MergeAsync(LayoutHistory history)
    {
        store.Merge(history);
        return Task.FromResult(store.History);
    }
}
