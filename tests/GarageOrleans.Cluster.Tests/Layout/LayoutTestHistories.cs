using GarageOrleans.Cluster.Layout;
using GarageOrleans.Primitives;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests.Layout;

/// <summary>Histories built step by step, shared by the layout and replica-set tests.</summary>
internal static class LayoutTestHistories
{
    public static readonly LayoutParameters Rf3 = new(3, ZoneRedundancy.Maximum);

    /// <summary>Stages <paramref name="roles"/> (and <paramref name="parameters"/> if given), then applies the next version.</summary>
    public static LayoutHistory StageAndApply(this LayoutHistory history, ulong now, LayoutParameters? parameters, params NodeRole[] roles)
    {
        foreach (var role in roles)
        {
            history = history.StageRole(role, now);
        }

        if (parameters is not null)
        {
            history = history.StageParameters(parameters, now);
        }

        return history.Apply(history.CurrentNumber + 1, now);
    }

    /// <summary>Version 1: a, b, c in zones z1..z3, rf 3.</summary>
    public static LayoutHistory ThreeNodes() =>
        LayoutHistory.Empty.StageAndApply(10, Rf3, Storage("a", "z1"), Storage("b", "z2"), Storage("c", "z3"));

    /// <summary>Version 2 on top of <see cref="ThreeNodes"/>: d joins in a zone of its own.</summary>
    public static LayoutHistory ThreeThenFourNodes() => ThreeNodes().StageAndApply(20, null, Storage("d", "z4"));

    public static LayoutHistory ForAll(this LayoutHistory history, Func<LayoutHistory, NodeId, LayoutHistory> update, params string[] names) =>
        names.Aggregate(history, (h, name) => update(h, Id(name)));
}
