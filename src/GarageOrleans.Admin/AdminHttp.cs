using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GarageOrleans.Admin;

/// <summary>Request plumbing shared by the admin handlers: backend lookup, query parameters, JSON bodies.</summary>
internal static class AdminHttp
{
    /// <summary>Bodies of admin calls are a few hundred bytes; anything far larger is a mistake or an attack.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>The registered backend (tests), else the grain-backed one; it is stateless, so one per call is fine.</summary>
    public static IAdminBackend Backend(HttpContext http) =>
        http.RequestServices.GetService<IAdminBackend>()
        ?? ActivatorUtilities.CreateInstance<GrainAdminBackend>(http.RequestServices);

    public static string? Query(HttpContext http, string name)
    {
        var value = http.Request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public static string RequiredQuery(HttpContext http, string name) =>
        Query(http, name) ?? throw AdminApiException.BadRequest($"Query parameter '{name}' is required.");

    public static bool QueryFlag(HttpContext http, string name) =>
        Query(http, name) is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    /// <summary>Reads a JSON body; a missing, oversized or malformed body is a 400, never a 500.</summary>
    public static async Task<T> ReadBodyAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw AdminApiException.BadRequest($"The request body exceeds {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            throw AdminApiException.BadRequest($"The request body exceeds {MaxBodyBytes} bytes.");
        }

        if (buffer.Length == 0)
        {
            throw AdminApiException.BadRequest("A JSON request body is required.");
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo)
                ?? throw AdminApiException.BadRequest("A JSON object is required, not null.");
        }
        catch (JsonException e)
        {
            throw AdminApiException.BadRequest($"The request body is not valid JSON for this call: {e.Message}");
        }
    }

    /// <summary>Reads the bucket named by <c>id</c> (64-hex id, or a name) or <c>globalAlias</c>.</summary>
    public static BucketRef BucketFromQuery(HttpContext http)
    {
        if (Query(http, "globalAlias") is { } alias)
        {
            return new BucketRef(null, alias);
        }

        return BucketRef.Parse(Query(http, "id")
            ?? throw AdminApiException.BadRequest("Query parameter 'id' or 'globalAlias' is required."));
    }
}
