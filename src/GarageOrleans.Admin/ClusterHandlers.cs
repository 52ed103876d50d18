using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>GetClusterStatus, GetClusterHealth and the health probes.</summary>
internal static class ClusterHandlers
{
    /// <summary>A readiness probe must answer well within a typical 10 s probe timeout, even when a grain call hangs.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    public static async Task<IResult> GetClusterStatusAsync(HttpContext http)
    {
        var status = await AdminHttp.Backend(http).GetClusterStatusAsync();
        if (http.RequestServices.GetService<ILocalNodeCounters>() is { } counters)
        {
            status = status with { S3InternalErrors = counters.S3InternalErrors };
        }

        return Results.Json(status, AdminJson.Default.ClusterStatus);
    }

    public static async Task<IResult> GetClusterHealthAsync(HttpContext http) =>
        Results.Json(Health(await AdminHttp.Backend(http).GetClusterStatusAsync()), AdminJson.Default.ClusterHealth);

    /// <summary>Garage's <c>GET /health</c>: 200 while every partition can reach a quorum, else 503. No token.</summary>
    public static async Task<IResult> GetHealthAsync(HttpContext http)
    {
        ClusterHealth health;
        try
        {
            health = Health(await AdminHttp.Backend(http).GetClusterStatusAsync().WaitAsync(ReadyTimeout, http.RequestAborted));
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            return Results.Text("Cluster status unavailable\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return health.Status == "unavailable"
            ? Results.Text("Cluster is unavailable\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text($"Cluster is {health.Status}\n");
    }

    /// <summary>
    /// Ready when the silo answers a cluster-status grain call (so grains can be activated here) and the node has a
    /// layout (without one, every S3 request answers 503).
    /// </summary>
    public static async Task<IResult> GetReadyAsync(HttpContext http)
    {
        ClusterStatus status;
        try
        {
            status = await AdminHttp.Backend(http).GetClusterStatusAsync().WaitAsync(ReadyTimeout, http.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            return Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return status.LayoutVersion == 0
            ? Results.Text("not ready: no layout yet\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n");
    }

    /// <summary>
    /// Health from node liveness alone (the partition map is not in the status contract yet): every storage node up
    /// is healthy; at most RF − quorum storage nodes down means every partition still has a write quorum, so
    /// degraded; more than that may leave some partition without one, so unavailable (conservative).
    /// </summary>
    public static ClusterHealth Health(ClusterStatus status)
    {
        var storage = status.Nodes.Where(n => n.Capacity > 0).ToList();
        var storageUp = storage.Count(n => n.IsUp);
        var rf = Math.Max(1, status.ReplicationFactor);
        var quorum = (rf / 2) + 1;
        var down = storage.Count - storageUp;
        var verdict = storage.Count == 0 ? "unavailable"
            : down == 0 ? "healthy"
            : down <= rf - quorum ? "degraded"
            : "unavailable";
        return new ClusterHealth(verdict, status.Nodes.Count, status.Nodes.Count(n => n.IsUp), storage.Count, storageUp);
    }
}
