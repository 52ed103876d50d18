namespace GarageOrleans.LoadBench;

/// <summary>One timed phase: <see cref="Operations"/> requests moving <see cref="Bytes"/> of bodies.</summary>
internal sealed record ThroughputResult(string Operation, int Operations, long Bytes, TimeSpan Elapsed)
{
    public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

    public double MiBPerSecond => Bytes / (1024.0 * 1024.0) / Elapsed.TotalSeconds;

    public string Describe(string target) => $"{target,-10} {Operation,-4} {Operations,7} ops {Elapsed.TotalSeconds,8:F2} s {OpsPerSecond,9:F1} ops/s {MiBPerSecond,9:F1} MiB/s";
}
