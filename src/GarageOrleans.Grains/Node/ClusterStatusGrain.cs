using GarageOrleans.Abstractions;
using GarageOrleans.Blocks;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Placement;
using Orleans.Concurrency;

namespace GarageOrleans.Grains.Node;

/// <summary>
/// Cluster status from this silo's view: the layout's nodes, and which of them have an active silo (by node id, from
/// membership). Disk figures
/// are known for the local node only (other nodes report theirs with the cluster work).
/// </summary>
[StatelessWorker]
internal sealed class ClusterStatusGrain(
    ILayoutProvider layout,
    LocalNode local,
    BlockStore store,
    NodeSiloMap nodeSilos,
    ILocalSiloDetails silo) : Grain, IClusterStatusGrain
{
    Task<ClusterStatusInfo> IClusterStatusGrain.GetStatusAsync()
    {
        var current = layout.Current;
        var active = nodeSilos.ActiveNodes;
        var (available, total) = store.DiskSpace();
        var nodes = current.Roles.Select(role =>
        {
            var isLocal = role.Node == local.Id;
            return new NodeStatusInfo(
                role.Node,
                isLocal ? Environment.MachineName : "",
                role.Zone,
                role.CapacityBytes,
                isLocal || active.ContainsKey(role.Node),
                isLocal ? silo.SiloAddress.ToString() : active.TryGetValue(role.Node, out var address) ? address.ToString() : "",
                isLocal ? available : null,
                isLocal ? total : null);
        }).ToList();
        return Task.FromResult(new ClusterStatusInfo(current.Version, current.ReplicationFactor, nodes));
    }
}
