using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>This process's node: its stable id (persisted in the metadata dir), zone and declared capacity.</summary>
public sealed record LocalNode(NodeId Id, string Zone, long? CapacityBytes);
