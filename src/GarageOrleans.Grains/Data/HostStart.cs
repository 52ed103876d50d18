using Microsoft.Extensions.Hosting;

namespace GarageOrleans.Grains.Data;

/// <summary>For background workers that call grains: wait until the host (and so the silo) has started.</summary>
internal static class HostStart
{
    /// <summary>
    /// Completes with true once the application has started, or false when <paramref name="stoppingToken"/> fires
    /// first: a worker started with the host would otherwise fail and back off while membership is still forming.
    /// </summary>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
