using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// Changes staged for the next layout version (Garage's staging area): roles as an LWW map (a null role = remove the
/// node), parameters as an LWW register, and a reset timestamp that <c>layout revert</c> and <c>layout apply</c>
/// raise. An entry is visible only when it is newer than the reset, so a revert hides exactly the entries written
/// before it on every node, whatever order the entries and the reset arrive in. Merge is per component (LWW, LWW,
/// max), a product of semilattices, hence a semilattice; visibility is a function of the merged state.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LayoutStaging(
    [property: Id(0)] ulong ResetAt,
    [property: Id(1)] LwwMap<NodeId, NodeRole?> Roles,
    [property: Id(2)] Lww<LayoutParameters?> Parameters) : ICrdt<LayoutStaging>
{
    public static LayoutStaging Empty { get; } = new(0, LwwMap<NodeId, NodeRole?>.Empty, default);

    /// <summary>The visible staged roles in ascending node order; a null role removes the node.</summary>
    public IEnumerable<KeyValuePair<NodeId, NodeRole?>> VisibleRoles =>
        Roles.Entries.Where(e => e.Value.Timestamp > ResetAt).Select(e => KeyValuePair.Create(e.Key, e.Value.Value));

    /// <summary>The visible staged parameters, or null when none are staged.</summary>
    public LayoutParameters? VisibleParameters => Parameters.Timestamp > ResetAt ? Parameters.Value : null;

    public bool HasVisibleChanges => VisibleParameters is not null || VisibleRoles.Any();

    /// <summary>The newest timestamp in this staging area: a reset at or after it hides everything staged so far.</summary>
    public ulong NewestTimestamp =>
        Math.Max(ResetAt, Math.Max(Parameters.Timestamp, Roles.Entries.Select(e => e.Value.Timestamp).DefaultIfEmpty().Max()));

    /// <summary>
    /// Stages a role (or with a null role, a removal), stamped newer than the reset and the node's previous entry, so
    /// that it is visible here even when the local clock is behind the node that reverted.
    /// </summary>
    public LayoutStaging StageRole(NodeId node, NodeRole? role, ulong now)
    {
        if (role is not null && role.Node != node)
        {
            throw new ArgumentException($"role of {role.Node} staged for node {node}", nameof(role));
        }

        return this with { Roles = Roles.Update(node, role, Math.Max(now, ResetAt + 1)) };
    }

    public LayoutStaging StageParameters(LayoutParameters parameters, ulong now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return this with { Parameters = Parameters.Update(parameters, Math.Max(now, ResetAt + 1)) };
    }

    /// <summary>Hides every entry this node has seen (and any other written at or before the reset time).</summary>
    public LayoutStaging Reset(ulong now) => this with { ResetAt = Math.Max(now, NewestTimestamp) };

    public LayoutStaging Merge(LayoutStaging other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new LayoutStaging(Math.Max(ResetAt, other.ResetAt), Roles.Merge(other.Roles), Parameters.Merge(other.Parameters));
    }
}
