using Orleans.Dashboard;

namespace GarageOrleans.Admin;

/// <summary>
/// Maps the admin surface of a node (port 3903 by default): health probes, the admin API and the Orleans Dashboard.
/// </summary>
/// <remarks>
/// The API mirrors Garage's admin API v2: RPC style, <c>GET|POST /v2/&lt;EndpointName&gt;</c>, parameters in the
/// query string or a JSON body, <c>Authorization: Bearer &lt;token&gt;</c>, errors as JSON <c>{code, message}</c>.
/// Unauthenticated: <c>GET /health/live</c> (200 while the process serves), <c>GET /health/ready</c> (200 when a
/// cluster-status grain call answers within 5 s, else 503) and <c>GET /health</c> (Garage's: 200 unless the cluster
/// is unavailable). Everything else needs the token (see <see cref="AdminAuthFilter"/>), including <c>/dashboard</c>,
/// which also accepts <c>?token=</c> once and then a cookie, so a person can open it in a browser.
/// </remarks>
public static class AdminApiEndpoints
{
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// Maps the admin endpoints on <paramref name="app"/> and returns the group holding all of them, for further
    /// conventions. With <paramref name="port"/>, every endpoint answers only on that port (<c>RequireHost("*:port")</c>),
    /// so the same app can serve S3 on another port without exposing the admin surface there. With
    /// <paramref name="dashboard"/> (the default), the Orleans Dashboard is mapped under <c>/dashboard</c>; the silo must
    /// then have <c>AddDashboard()</c>. The token comes from <see cref="AdminApiOptions"/> at each request. The grain
    /// calls go through <c>IGrainFactory</c> from DI.
    /// </summary>
    /// <remarks>
    /// <c>RequireHost</c> matches the port in the Host header, not the socket: a reverse proxy that forwards
    /// <c>Host: admin.example.com</c> (no port) will not match. Where that matters, leave <paramref name="port"/> null
    /// and map this in a branch chosen by <c>HttpContext.Connection.LocalPort</c> instead. Either way the token gate,
    /// not the port, is what protects the API.
    /// </remarks>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app, int? port = null, bool dashboard = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = app.MapGroup("");
        if (port is int p)
        {
            root.RequireHost($"*:{p}");
        }

        Get(root, "/health/live", _ => Task.FromResult(Results.Text("live\n")));
        Get(root, "/health/ready", ClusterHandlers.GetReadyAsync);
        Get(root, "/health", ClusterHandlers.GetHealthAsync);

        var v2 = root.MapGroup("/v2");
        v2.AddEndpointFilter(new AdminAuthFilter(browser: false, cookiePath: DashboardPath));
        v2.AddEndpointFilter(new AdminErrorFilter());
        Get(v2, "/GetClusterStatus", ClusterHandlers.GetClusterStatusAsync);
        Get(v2, "/GetClusterHealth", ClusterHandlers.GetClusterHealthAsync);
        Get(v2, "/ListKeys", KeyHandlers.ListKeysAsync);
        Get(v2, "/GetKeyInfo", KeyHandlers.GetKeyInfoAsync);
        Post(v2, "/CreateKey", KeyHandlers.CreateKeyAsync);
        Post(v2, "/ImportKey", KeyHandlers.ImportKeyAsync);
        Post(v2, "/UpdateKey", KeyHandlers.UpdateKeyAsync);
        Post(v2, "/DeleteKey", KeyHandlers.DeleteKeyAsync);
        Get(v2, "/ListBuckets", BucketHandlers.ListBucketsAsync);
        Get(v2, "/GetBucketInfo", BucketHandlers.GetBucketInfoAsync);
        Post(v2, "/CreateBucket", BucketHandlers.CreateBucketAsync);
        Post(v2, "/DeleteBucket", BucketHandlers.DeleteBucketAsync);
        Post(v2, "/AllowBucketKey", BucketHandlers.AllowBucketKeyAsync);
        Post(v2, "/DenyBucketKey", BucketHandlers.DenyBucketKeyAsync);
        Get(v2, "/GetClusterLayout", LayoutHandlers.GetClusterLayoutAsync);
        Post(v2, "/UpdateClusterLayout", LayoutHandlers.UpdateClusterLayoutAsync);
        Post(v2, "/PreviewClusterLayoutChanges", LayoutHandlers.PreviewClusterLayoutChangesAsync);
        Post(v2, "/ApplyClusterLayout", LayoutHandlers.ApplyClusterLayoutAsync);
        Post(v2, "/RevertClusterLayout", LayoutHandlers.RevertClusterLayoutAsync);
        Get(v2, "/GetClusterLayoutHistory", LayoutHandlers.GetClusterLayoutHistoryAsync);

        // Unknown names under /v2 get a JSON error (after the token check) rather than the app's 404 page.
        v2.MapFallback((Func<HttpContext, IResult>)(http => AdminErrorFilter.Error(
            StatusCodes.Status404NotFound,
            "UnknownEndpoint",
            $"No admin endpoint {http.Request.Method} {http.Request.Path}.")));

        if (dashboard)
        {
            ProtectDashboard(root.MapOrleansDashboard(routePrefix: DashboardPath));
        }

        return root;
    }

    /// <summary>Puts the token gate, in browser mode, on every endpoint of the dashboard's group.</summary>
    internal static RouteGroupBuilder ProtectDashboard(RouteGroupBuilder dashboardGroup) =>
        dashboardGroup.AddEndpointFilter(new AdminAuthFilter(browser: true, cookiePath: DashboardPath));

    // Typed as Func<…, Task<IResult>> so the Delegate overload (which runs endpoint filters and writes the IResult) is
    // chosen, never the RequestDelegate one (which would drop both).
    private static void Get(IEndpointRouteBuilder group, string pattern, Func<HttpContext, Task<IResult>> handler) =>
        group.MapGet(pattern, handler);

    private static void Post(IEndpointRouteBuilder group, string pattern, Func<HttpContext, Task<IResult>> handler) =>
        group.MapPost(pattern, handler);
}
