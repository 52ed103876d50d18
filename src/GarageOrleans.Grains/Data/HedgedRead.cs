namespace GarageOrleans.Grains.Data;

/// <summary>
/// The hedging policy of block reads (docs/cluster.md §3 and §5): ask the best candidate; if it has not answered
/// within the hedge delay, ask the next one too, without dropping the first; a candidate that answers "no good copy"
/// (null) or fails makes the next one start at once. The first good answer wins; the others are left to finish and
/// ignored. One slow node thus costs a read the hedge delay, not a timeout, and a read never asks more nodes than it
/// needs when the first answers promptly.
/// </summary>
public static class HedgedRead
{
    /// <summary>
    /// The first non-null answer of <paramref name="call"/> over <paramref name="candidates"/> (tried in order as
    /// described above), or null when every candidate answered null or failed; failures are added to
    /// <paramref name="errors"/>.
    /// </summary>
    public static async Task<TResult?> FirstAsync<TCandidate, TResult>(
        IReadOnlyList<TCandidate> candidates,
        Func<TCandidate, Task<TResult?>> call,
        TimeSpan hedgeDelay,
        TimeProvider time,
        ICollection<Exception> errors,
        CancellationToken cancellationToken)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(errors);
        var inFlight = new List<Task<TResult?>>();
        var next = 0;

        Task<TResult?> StartAsync(TCandidate candidate)
        {
            try
            {
                return call(candidate);
            }
            catch (Exception e)
            {
                return Task.FromException<TResult?>(e);
            }
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (inFlight.Count == 0)
            {
                if (next == candidates.Count)
                {
                    return null;
                }

                inFlight.Add(StartAsync(candidates[next++]));
            }

            using var hedge = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task? delay = next < candidates.Count ? Task.Delay(hedgeDelay, time, hedge.Token) : null;
            Task done = await Task.WhenAny(delay is null ? inFlight : [.. inFlight, delay]);
            await hedge.CancelAsync();
            if (done == delay)
            {
                cancellationToken.ThrowIfCancellationRequested();
                inFlight.Add(StartAsync(candidates[next++])); // the ones in flight are slow: ask the next one as well
                continue;
            }

            var answer = (Task<TResult?>)done;
            inFlight.Remove(answer);
            try
            {
                if (await answer is { } result)
                {
                    return result;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add(e);
            }

            if (next < candidates.Count)
            {
                inFlight.Add(StartAsync(candidates[next++])); // no good copy there: the next candidate at once
            }
        }
    }
}
