namespace GarageOrleans.LoadBench;

/// <summary>What <see cref="RssRoundTrip"/> measured. Sizes in bytes; <see cref="PeakBytes"/> is the larger of the
/// sampled peak and the kernel's high-water mark (when it could be reset before the run).</summary>
internal sealed record RssReport(
    long ObjectBytes,
    long BaselineBytes,
    long PeakBytes,
    long SampledPeakBytes,
    long? KernelPeakBytes,
    int Samples,
    TimeSpan PutTime,
    TimeSpan GetTime,
    long BytesRead,
    string ExpectedSha256,
    string ReadSha256)
{
    private const double MiB = 1024 * 1024;

    public long GrowthBytes => PeakBytes - BaselineBytes;

    public bool ContentMatches => BytesRead == ObjectBytes && ExpectedSha256 == ReadSha256;

    public string Describe() => $"object {ObjectBytes / MiB:F0} MiB: RSS baseline {BaselineBytes / MiB:F1} MiB, peak {PeakBytes / MiB:F1} MiB "
        + $"(sampled {SampledPeakBytes / MiB:F1} MiB over {Samples} samples, kernel VmHWM "
        + $"{(KernelPeakBytes is { } k ? $"{k / MiB:F1} MiB" : "n/a")}), "
        + $"growth {GrowthBytes / MiB:F1} MiB; PUT {PutTime.TotalSeconds:F1} s ({ObjectBytes / MiB / PutTime.TotalSeconds:F0} MiB/s), "
        + $"GET {GetTime.TotalSeconds:F1} s ({BytesRead / MiB / GetTime.TotalSeconds:F0} MiB/s); content "
        + (ContentMatches ? "OK" : $"MISMATCH (read {BytesRead} bytes, sha256 {ReadSha256}, expected {ExpectedSha256})");
}
