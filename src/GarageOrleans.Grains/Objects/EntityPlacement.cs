using GarageOrleans.Cluster.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace GarageOrleans.Grains.Objects;

/// <summary>
/// Lets an entity grain follow membership (docs/cluster.md §4): every <see cref="EntityPlacementCheck.Period"/> it
/// asks whether a better live node of its replica set exists (its preferred node came back, or the layout moved
/// its partition) and, if so, migrates when idle; the director then places it on that node. The timer does not keep
/// the activation alive.
/// </summary>
internal static class EntityPlacement
{
    public static void Watch(IGrainBase grain, IServiceProvider services, string grainKey)
    {
        if (services.GetService<EntityPlacementCheck>() is not { } check)
        {
            return; // a silo without Garage placement (some grain tests): nowhere better to go
        }

        grain.RegisterGrainTimer(
            () =>
            {
                if (check.IsMisplacedHere(grainKey))
                {
                    grain.MigrateOnIdle();
                }

                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(EntityPlacementCheck.Period, EntityPlacementCheck.Period) { KeepAlive = false });
    }
}
