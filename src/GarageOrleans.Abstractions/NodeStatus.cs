using GarageOrleans.Primitives;

namespace GarageOrleans.Abstractions;

[GenerateSerializer, Immutable]
public sealed record NodeStatusInfo(
    [property: Id(0)] NodeId Id,
    [property: Id(1)] string Hostname,
    [property: Id(2)] string Zone,
    [property: Id(3)] long? CapacityBytes,
    [property: Id(4)] bool IsUp,
    [property: Id(5)] string SiloAddress,
    [property: Id(6)] long? DataDiskAvailableBytes,
    [property: Id(7)] long? DataDiskTotalBytes);

[GenerateSerializer, Immutable]
public sealed record ClusterStatusInfo(
    [property: Id(0)] ulong LayoutVersion,
    [property: Id(1)] int ReplicationFactor,
    [property: Id(2)] IReadOnlyList<NodeStatusInfo> Nodes);

/// <summary>Cluster status for the admin API (grain key 0, stateless).</summary>
public interface IClusterStatusGrain : IGrainWithIntegerKey
{
    Task<ClusterStatusInfo> GetStatusAsync();
}
