using System.Globalization;

namespace GarageOrleans.LoadBench;

/// <summary>
/// Samples the resident set size of another process (Linux <c>/proc/PID/status</c>, <c>VmRSS</c>) at a fixed
/// interval and keeps the peak. Sampling can miss a spike shorter than the interval, so callers also reset the
/// kernel's high-water mark (<see cref="TryResetHighWaterMark"/>) and read <c>VmHWM</c> at the end when they can.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakBytes;
    private int _samples;

    private RssSampler(int pid, TimeSpan interval)
    {
        _pid = pid;
        _peakBytes = ReadRssBytes(pid);
        _samples = 1;
        _loop = SampleLoopAsync(interval, _stop.Token);
    }

    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    public int Samples => Volatile.Read(ref _samples);

    public static RssSampler Start(int pid, TimeSpan interval) => new(pid, interval);

    /// <summary>Current <c>VmRSS</c> of <paramref name="pid"/> in bytes.</summary>
    public static long ReadRssBytes(int pid) =>
        ReadStatusField(pid, "VmRSS:") ?? throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS");

    /// <summary><c>VmHWM</c> (peak RSS since start or since the last reset) in bytes, or null when unreadable.</summary>
    public static long? ReadHighWaterMarkBytes(int pid) => ReadStatusField(pid, "VmHWM:");

    /// <summary>Resets <c>VmHWM</c> to the current RSS (writes 5 to <c>/proc/PID/clear_refs</c>); false if not allowed.</summary>
    public static bool TryResetHighWaterMark(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Stops sampling (after one last sample) and returns the peak seen.</summary>
    public async Task<long> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
            Sample();
        }

        return PeakBytes;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private static long? ReadStatusField(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:	  123456 kB"
                var value = line[field.Length..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    private async Task SampleLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Sample()
    {
        long rss;
        try
        {
            rss = ReadRssBytes(_pid);
        }
        catch (IOException)
        {
            return; // the process is gone: the peak so far stands
        }

        Interlocked.Increment(ref _samples);
        long peak;
        while (rss > (peak = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, rss, peak) != peak)
        {
        }
    }
}
