using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Grains.Node;

/// <summary>
/// Moves layout histories between nodes (docs/cluster.md §6): gathering every live node's copy before a change,
/// spreading the result after it, and the periodic exchange with a few random peers that makes a node that was down
/// (or missed a spread) catch up. Every exchange is a CRDT merge on both sides, so order and repetition never matter.
/// </summary>
internal sealed partial class LayoutExchange(
    LayoutStore store,
    LocalNode local,
    NodeSiloMap nodes,
    IGrainFactory grains,
    ILogger<LayoutExchange> logger)
{
    /// <summary>A peer that does not answer within this is skipped; gossip will reach it later.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Peers each gossip round talks to (Garage gossips to a few random peers; two reach everyone in O(log n) rounds).</summary>
    public const int GossipFanout = 2;

    /// <summary>This node's history merged with every live node's that answers in time.</summary>
    public async Task<LayoutHistory> GatherAsync()
    {
        var answers = await Task.WhenAll(Peers().Select(async node =>
        {
            try
            {
                return await Grain(node).GetHistoryAsync().WaitAsync(CallTimeout);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPeerFailed(node, e.Message);
                return null;
            }
        }));

        foreach (var history in answers)
        {
            if (history is not null)
            {
                store.Merge(history);
            }
        }

        return store.History;
    }

    /// <summary>Stores <paramref name="history"/> here, then merges it into every live node (their answers come back merged too).</summary>
    public async Task<LayoutHistory> SpreadAsync(LayoutHistory history)
    {
        store.Merge(history);
        var mine = store.History;
        await Task.WhenAll(Peers().Select(node => ExchangeAsync(node, mine)));
        return store.History;
    }

    /// <summary>One gossip round: compares digests with up to <see cref="GossipFanout"/> random live peers and exchanges histories with those that differ.</summary>
    public async Task GossipAsync()
    {
        var peers = Peers().ToArray();
        Random.Shared.Shuffle(peers);
        await Task.WhenAll(peers.Take(GossipFanout).Select(async node =>
        {
            try
            {
                var digest = await Grain(node).GetDigestAsync().WaitAsync(CallTimeout);
                if (digest != store.History.Digest)
                {
                    await ExchangeAsync(node, store.History);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPeerFailed(node, e.Message);
            }
        }));
    }

    private async Task ExchangeAsync(NodeId node, LayoutHistory mine)
    {
        try
        {
            store.Merge(await Grain(node).MergeAsync(mine).WaitAsync(CallTimeout));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPeerFailed(node, e.Message);
        }
    }

    /// <summary>Active nodes other than this one: members that have no role yet included, since they need the layout too.</summary>
    private IEnumerable<NodeId> Peers() => nodes.ActiveNodes.Keys.Where(n => n != local.Id);

    private INodeLayoutGrain Grain(NodeId node) => grains.GetGrain<INodeLayoutGrain>(NodeLayoutGrain.KeyOf(node));

    [LoggerMessage(Level = LogLevel.Debug, Message = "layout exchange with node {Node} failed: {Reason}")]
    private partial void LogPeerFailed(NodeId node, string reason);
}
