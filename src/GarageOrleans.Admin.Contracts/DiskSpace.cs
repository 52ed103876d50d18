namespace GarageOrleans.Admin.Contracts;

/// <summary>Free and total bytes of one disk (Garage's <c>dataPartition</c>).</summary>
public sealed record DiskSpace(long Available, long Total);
