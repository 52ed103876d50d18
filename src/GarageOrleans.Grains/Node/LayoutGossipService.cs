using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Grains.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Grains.Node;

/// <summary>
/// Keeps this node's layout history moving (docs/cluster.md §2 and §6): raises this node's own trackers
/// (<see cref="LayoutProgress"/>) and gossips with random live peers every <see cref="Interval"/>, and at once
/// whenever the local history changed (a spread arrived, a tracker rose), so a change reaches every node in a few
/// hops and the trackers of all nodes converge without an operator.
/// </summary>
internal sealed partial class LayoutGossipService(
    LayoutStore store,
    LocalNode local,
    LayoutExchange exchange,
    IHostApplicationLifetime lifetime,
    ILogger<LayoutGossipService> logger) : BackgroundService
{
    /// <summary>Between rounds when nothing changes: bounds how long a node that was down waits to catch up.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>While a write that ignored the newest version is still in flight, the ack is retried this often.</summary>
    private static readonly TimeSpan AckRetry = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        store.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    store.Update(h => LayoutProgress.Advance(h, local.Id, store.WritesInFlightBelow));
                    await exchange.GossipAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(e);
                }

                var waitingForAck = store.History.Current is { } current
                    && store.History.Trackers.Ack.GetValueOrDefault(local.Id) < current.Number;
                await _wake.WaitAsync(waitingForAck ? AckRetry : Interval, stoppingToken);
                while (_wake.CurrentCount > 0)
                {
                    await _wake.WaitAsync(stoppingToken); // coalesce the wake-ups of a burst of changes
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            store.Changed -= OnChanged;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private void OnChanged(LayoutHistory history) => _wake.Release();

    [LoggerMessage(Level = LogLevel.Warning, Message = "layout gossip round failed")]
    private partial void LogRoundFailed(Exception exception);
}
