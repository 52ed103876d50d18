using GarageOrleans.Abstractions;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Node;

/// <summary>
/// The layout coordinator (<see cref="ILayoutGrain"/>): not reentrant, one activation in the cluster, so staging and
/// applying are serialised. Each change starts from every live node's history merged (so it builds on what any node
/// staged or applied) and is spread to every live node before the call returns.
/// </summary>
internal sealed class LayoutGrain(LayoutExchange exchange, TimeProvider clock) : Grain, ILayoutGrain
{
    async Task<LayoutInfo> ILayoutGrain.GetAsync() => LayoutInfos.Of(await exchange.GatherAsync());

    async Task<LayoutHistoryInfo> ILayoutGrain.GetHistoryAsync() => LayoutInfos.HistoryOf(await exchange.GatherAsync());

    Task<LayoutInfo> ILayoutGrain.StageAsync(IReadOnlyList<StagedRoleChange> roles, LayoutParametersInfo? parameters)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Count == 0 && parameters is null)
        {
            throw new LayoutChangeRejectedException("nothing to stage: give a role change or new parameters");
        }

        var changes = roles.Select(Check).ToList();
        var staged = parameters is null ? null : Check(parameters);
        return ChangeAsync(h =>
        {
            var now = Timestamps.Now(clock);
            foreach (var change in changes)
            {
                h = change.Remove ? h.StageRemove(change.Node, now) : h.StageRole(new NodeRole(change.Node, change.Zone!, change.CapacityBytes), now);
            }

            return staged is null ? h : h.StageParameters(staged, now);
        });
    }

    Task<LayoutInfo> ILayoutGrain.ApplyAsync(ulong version) => ChangeAsync(h => h.Apply(version, Timestamps.Now(clock)));

    Task<LayoutInfo> ILayoutGrain.RevertAsync() => ChangeAsync(h =>
    {
        if (!h.Staging.HasVisibleChanges)
        {
            throw new LayoutChangeRejectedException("nothing staged to revert");
        }

        return h.Revert(Timestamps.Now(clock));
    });

    private async Task<LayoutInfo> ChangeAsync(Func<LayoutHistory, LayoutHistory> change)
    {
        var gathered = await exchange.GatherAsync();
        LayoutHistory changed;
        try
        {
            changed = change(gathered);
        }
        catch (InvalidLayoutException e)
        {
            throw new LayoutChangeRejectedException(e.Message, e);
        }

        return LayoutInfos.Of(await exchange.SpreadAsync(changed));
    }

    private static StagedRoleChange Check(StagedRoleChange change)
    {
        if (change.Remove)
        {
            return change;
        }

        if (string.IsNullOrWhiteSpace(change.Zone))
        {
            throw new LayoutChangeRejectedException($"node {change.Node}: a zone is required (layout assign -z ZONE)");
        }

        if (change.CapacityBytes is <= 0)
        {
            throw new LayoutChangeRejectedException($"node {change.Node}: capacity must be positive (or omitted for a gateway)");
        }

        return change;
    }

    private static LayoutParameters Check(LayoutParametersInfo parameters)
    {
        if (parameters.ReplicationFactor < 1)
        {
            throw new LayoutChangeRejectedException("the replication factor must be at least 1");
        }

        if (parameters.ZoneRedundancy is < 1)
        {
            throw new LayoutChangeRejectedException("zone redundancy must be 'maximum' or at least 1");
        }

        return LayoutInfos.ToParameters(parameters);
    }
}
