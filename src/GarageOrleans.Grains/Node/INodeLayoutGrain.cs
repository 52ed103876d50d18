using GarageOrleans.Cluster.Layout;

namespace GarageOrleans.Grains.Node;

/// <summary>
/// One node's copy of the layout history (grain key <c>"&lt;node hex&gt;/layout"</c>, pinned to that node): what the
/// layout coordinator and the gossip of other nodes read and merge into.
/// </summary>
public interface INodeLayoutGrain : IGrainWithStringKey
{
    Task<LayoutDigest> GetDigestAsync();

    Task<LayoutHistory> GetHistoryAsync();

    /// <summary>Merges <paramref name="history"/> into this node's copy and returns the result.</summary>
    Task<LayoutHistory> MergeAsync(LayoutHistory history);
}
