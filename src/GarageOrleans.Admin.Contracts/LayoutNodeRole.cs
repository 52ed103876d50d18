namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// A node's role in a layout version (Garage's v2 <c>LayoutNodeRole</c>): <see cref="Capacity"/> in bytes, null for a
/// gateway (left out of the JSON); <see cref="StoredPartitions"/> is how many of the 256 partitions it holds a copy of.
/// </summary>
public sealed record LayoutNodeRole(string Id, string Zone, long? Capacity, int StoredPartitions);
