namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// The parameters of a layout version: how many copies of each partition (<see cref="ReplicationFactor"/>) and over
/// how many zones they must spread. Unlike Garage, the replication factor is a layout parameter here, changeable by
/// an apply (DESIGN §5).
/// </summary>
public sealed record LayoutParameters(int ReplicationFactor, ZoneRedundancy ZoneRedundancy);
