using GarageOrleans.Admin.Contracts;
using Microsoft.Extensions.Options;

namespace GarageOrleans.Admin;

/// <summary>
/// Bearer-token gate of every admin endpoint except health. An endpoint filter rather than ASP.NET authentication so
/// that Hosting needs no AddAuthentication/UseAuthorization and the gate cannot be lost by a middleware ordering
/// mistake: it runs inside each endpoint, including every Orleans Dashboard endpoint (all minimal-API handlers).
/// Missing credentials answer 401, wrong ones 403, both with an <see cref="AdminError"/> body.
/// </summary>
/// <remarks>
/// Browser mode (dashboard only): a browser cannot send an Authorization header when a person types a URL, so the
/// dashboard also accepts <c>?token=</c> once; the filter then sets an HttpOnly, SameSite=Strict cookie scoped to
/// the dashboard path, holding a value derived from the token (not the token), and redirects to the same URL without
/// the token so it does not stay in the address bar or history. The API endpoints accept the header only: a token
/// in a URL ends up in logs and shell histories.
/// </remarks>
internal sealed class AdminAuthFilter(bool browser, string cookiePath) : IEndpointFilter
{
    public const string CookieName = "garage_orleans_admin";
    public const string QueryParameter = "token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = http.RequestServices.GetRequiredService<IOptionsMonitor<AdminApiOptions>>().CurrentValue.Token;
        if (string.IsNullOrEmpty(token))
        {
            return Deny(StatusCodes.Status401Unauthorized, "NoAdminToken", "This node has no admin token configured (Admin:Token).");
        }

        var bearer = ReadBearer(http.Request);
        if (bearer is not null)
        {
            return AdminTokenCheck.Matches(token, bearer)
                ? await next(context)
                : Deny(StatusCodes.Status403Forbidden, "Forbidden", "The admin token is not valid.");
        }

        if (browser)
        {
            if (http.Request.Query.TryGetValue(QueryParameter, out var fromQuery))
            {
                if (!AdminTokenCheck.Matches(token, fromQuery.ToString()))
                {
                    return Deny(StatusCodes.Status403Forbidden, "Forbidden", "The admin token is not valid.");
                }

                http.Response.Cookies.Append(CookieName, AdminTokenCheck.DashboardCookieValue(token), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = http.Request.IsHttps,
                    Path = cookiePath,
                });
                return Results.Redirect(WithoutToken(http.Request));
            }

            if (http.Request.Cookies.TryGetValue(CookieName, out var cookie))
            {
                return AdminTokenCheck.Matches(AdminTokenCheck.DashboardCookieValue(token), cookie)
                    ? await next(context)
                    : Deny(StatusCodes.Status403Forbidden, "Forbidden", "The dashboard cookie is not valid; open the dashboard with ?token= again.");
            }
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Deny(
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            browser
                ? "Admin token required: send 'Authorization: Bearer <token>' or open this page once with ?token=<token>."
                : "Admin token required: send 'Authorization: Bearer <token>'.");
    }

    private static string? ReadBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (header.Length == 0)
        {
            return null;
        }

        // A header in another scheme counts as a wrong credential, not a missing one.
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : "";
    }

    private static string WithoutToken(HttpRequest request)
    {
        var query = QueryString.Create(request.Query.Where(kv => !string.Equals(kv.Key, QueryParameter, StringComparison.Ordinal)));
        return $"{request.PathBase}{request.Path}{query}";
    }

    private static IResult Deny(int status, string code, string message) =>
        Results.Json(new AdminError(code, message), AdminJson.Default.AdminError, statusCode: status);
}
