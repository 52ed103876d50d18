using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// The check a node-pinned grain makes in <c>OnActivateAsync</c>. The placement director is consulted only when no
/// cache or directory entry exists (reference/orleans-10.md §1): after a membership change a caller's stale cache can
/// create the activation on another silo without asking the director. A pinned grain that finds itself misplaced must
/// not touch this silo's data: it throws (the call fails and is retried) or calls <c>MigrateOnIdle()</c> so the
/// director places it again.
/// </summary>
public static class NodePinning
{
    /// <summary>
    /// True if <paramref name="grainKey"/> names <paramref name="localNode"/>; false if it names another node or is
    /// not a node-pinned key at all.
    /// </summary>
    public static bool IsCorrectlyPlaced(string grainKey, NodeId localNode) =>
        PlacementKeys.TryGetNode(grainKey, out var node) && node == localNode;

    /// <summary>
    /// For a pinned grain's <c>OnActivateAsync</c>: when <paramref name="grainKey"/> names another node than
    /// <paramref name="localNode"/>, asks Orleans to migrate the activation once idle and throws, so that this
    /// activation never touches this node's data on behalf of another node. <paramref name="what"/> names the kind of
    /// grain in the message ("replica", "block grain"...).
    /// </summary>
    public static void EnsurePlaced(IGrainBase grain, string grainKey, NodeId localNode, string what)
    {
        ArgumentNullException.ThrowIfNull(grain);
        if (!IsCorrectlyPlaced(grainKey, localNode))
        {
            grain.MigrateOnIdle();
            throw new InvalidOperationException($"{what} {grainKey} activated on node {localNode}; migrating to its node");
        }
    }
}
