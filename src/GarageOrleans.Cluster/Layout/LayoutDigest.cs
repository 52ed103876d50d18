using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// What two nodes compare before exchanging histories: equal digests mean equal histories (up to a SHA-256
/// collision), so gossip sends a full history only when something differs.
/// </summary>
/// <param name="Number">The newest version's number (0 for an empty history).</param>
/// <param name="ContentHash">The newest version's content hash (zero for an empty history).</param>
/// <param name="StateHash">SHA-256 over everything else: version ids, pruning floor, seen ids, trackers, staging.</param>
[GenerateSerializer, Immutable]
public readonly record struct LayoutDigest(
    [property: Id(0)] ulong Number,
    [property: Id(1)] Hash32 ContentHash,
    [property: Id(2)] Hash32 StateHash)
{
    public override string ToString() => $"v{Number}#{ContentHash}/{StateHash}";
}
