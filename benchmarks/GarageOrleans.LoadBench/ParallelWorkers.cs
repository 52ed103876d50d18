using System.Diagnostics;

namespace GarageOrleans.LoadBench;

/// <summary>Runs operations 0..count-1 on a fixed number of workers and times the whole batch.</summary>
internal static class ParallelWorkers
{
    public static async Task<TimeSpan> RunAsync(int count, int concurrency, Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await operation(index, cancellationToken);
            }
        });
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }
}
