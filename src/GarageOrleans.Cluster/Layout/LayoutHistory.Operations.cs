using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Layout;

/// <summary>The local operations: staging, revert, apply and tracker updates.</summary>
public sealed partial class LayoutHistory
{
    /// <summary>Stages a role for its node (<c>layout assign</c>); <paramref name="now"/> is the LWW timestamp.</summary>
    public LayoutHistory StageRole(NodeRole role, ulong now)
    {
        ArgumentNullException.ThrowIfNull(role);
        return With(staging: Staging.StageRole(role.Node, role, now));
    }

    /// <summary>Stages the removal of a node from the layout (<c>layout remove</c>).</summary>
    public LayoutHistory StageRemove(NodeId node, ulong now) => With(staging: Staging.StageRole(node, null, now));

    /// <summary>Stages new parameters (<c>layout config</c>).</summary>
    public LayoutHistory StageParameters(LayoutParameters parameters, ulong now) =>
        With(staging: Staging.StageParameters(parameters, now));

    /// <summary>Drops every staged change seen here (<c>layout revert</c>).</summary>
    public LayoutHistory Revert(ulong now) => With(staging: Staging.Reset(now));

    /// <summary>
    /// The version <see cref="Apply"/> would append, computed but not appended (for <c>layout show</c>): the newest
    /// version's roles with the staged changes, the staged parameters (else the newest version's), and an assignment
    /// that moves as little as possible from the newest version.
    /// </summary>
    /// <exception cref="InvalidLayoutException">Nothing is staged, no replication factor is known, or the result is not a valid layout.</exception>
    public LayoutVersion ComputeNext()
    {
        var current = Current;
        var roles = (current?.Layout.Roles ?? []).ToDictionary(r => r.Node);
        foreach (var (node, role) in Staging.VisibleRoles)
        {
            if (role is null)
            {
                roles.Remove(node);
            }
            else
            {
                roles[node] = role;
            }
        }

        var parameters = Staging.VisibleParameters ?? current?.Parameters
            ?? throw new InvalidLayoutException("no layout parameters yet: stage a replication factor (layout config) before the first apply");
        var sorted = roles.Values.OrderBy(r => r.Node).ToArray();
        if (current is not null && parameters == current.Parameters && sorted.SequenceEqual(current.Layout.Roles.OrderBy(r => r.Node)))
        {
            throw new InvalidLayoutException($"nothing to apply: the staged changes leave layout version {current.Number} as it is");
        }

        CheckZoneRedundancy(parameters, sorted);
        var layout = ClusterLayout.Compute(CurrentNumber + 1, parameters.ReplicationFactor, sorted, current?.Layout);
        return new LayoutVersion(layout, parameters);
    }

    /// <summary>
    /// Appends version current + 1 computed by <see cref="ComputeNext"/> and clears the staging area (a reset at
    /// <paramref name="now"/> or later, so exactly the entries seen here are consumed). The expected number protects
    /// against two operators applying concurrently from stale views (Garage's <c>layout apply --version</c>).
    /// </summary>
    /// <exception cref="InvalidLayoutException">
    /// <paramref name="expectedNumber"/> is not current + 1, nothing is staged, or the staged layout is not valid.
    /// </exception>
    public LayoutHistory Apply(ulong expectedNumber, ulong now)
    {
        if (expectedNumber != CurrentNumber + 1)
        {
            throw new InvalidLayoutException(
                $"cannot apply layout version {expectedNumber}: the current version is {CurrentNumber}, the next one must be {CurrentNumber + 1}");
        }

        var next = ComputeNext();
        return With(versions: _versions.Add(next), staging: Staging.Reset(now)).Prune();
    }

    /// <summary>
    /// A history holding exactly <paramref name="layout"/> as its only version, with maximum zone redundancy: a node
    /// upgraded from a single stored layout, and tests that need a fixed layout.
    /// </summary>
    public static LayoutHistory Of(ClusterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.IsEmpty)
        {
            return Empty;
        }

        var version = new LayoutVersion(layout, new LayoutParameters(layout.ReplicationFactor, ZoneRedundancy.Maximum));
        return Empty.With(versions: [version]);
    }

    /// <summary>Raises ack(<paramref name="node"/>) to <paramref name="version"/> (never lowers it).</summary>
    public LayoutHistory AckUpTo(NodeId node, ulong version) => With(trackers: Trackers.WithAck(node, CheckHeld(version)));

    /// <summary>Raises sync(<paramref name="node"/>) to <paramref name="version"/> (never lowers it).</summary>
    public LayoutHistory SyncUpTo(NodeId node, ulong version) => With(trackers: Trackers.WithSync(node, CheckHeld(version)));

    /// <summary>Raises syncAck(<paramref name="node"/>) to <paramref name="version"/>, then prunes what that retires.</summary>
    public LayoutHistory SyncAckUpTo(NodeId node, ulong version) =>
        With(trackers: Trackers.WithSyncAck(node, CheckHeld(version))).Prune();

    private ulong CheckHeld(ulong version)
    {
        // A node can only vouch for versions it knows; a tracker ahead of the history would retire versions early.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, CurrentNumber);
        return version;
    }

    private static void CheckZoneRedundancy(LayoutParameters parameters, IReadOnlyList<NodeRole> roles)
    {
        if (parameters.ZoneRedundancy.IsMaximum)
        {
            return;
        }

        var zones = roles.Where(r => !r.IsGateway).Select(r => r.Zone).Distinct(StringComparer.Ordinal).Count();
        var wanted = parameters.ZoneRedundancy.AtLeast;
        if (wanted > parameters.ReplicationFactor || wanted > zones)
        {
            throw new InvalidLayoutException(
                $"zone redundancy {wanted} needs at most the replication factor ({parameters.ReplicationFactor}) and at most the number of zones ({zones})");
        }
    }
}
