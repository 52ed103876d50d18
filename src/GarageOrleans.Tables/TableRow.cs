namespace GarageOrleans.Tables;

/// <summary>
/// One encoded row as replicas exchange it. <see cref="Key"/> is the 32-byte partition-key hash followed by the sort
/// key; <see cref="Value"/> starts with the table's format tag.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TableRow([property: Id(0)] byte[] Key, [property: Id(1)] byte[] Value);
