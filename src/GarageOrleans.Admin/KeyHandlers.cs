using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>ListKeys, GetKeyInfo, CreateKey, ImportKey, UpdateKey, DeleteKey.</summary>
internal static class KeyHandlers
{
    private const int MaxNameLength = 256;

    public static async Task<IResult> ListKeysAsync(HttpContext http) =>
        Results.Json(await AdminHttp.Backend(http).ListKeysAsync(), AdminJson.Default.IReadOnlyListKeyListItem);

    /// <summary><c>?id=</c> is an exact key id; <c>?search=</c> is an id, an id prefix or a name (ambiguous → 400).</summary>
    public static async Task<IResult> GetKeyInfoAsync(HttpContext http)
    {
        var showSecret = AdminHttp.QueryFlag(http, "showSecretKey");
        var backend = AdminHttp.Backend(http);
        var info = AdminHttp.Query(http, "id") is { } id
            ? await backend.GetKeyInfoAsync(id, exactIdOnly: true, showSecret)
            : await backend.GetKeyInfoAsync(
                AdminHttp.Query(http, "search") ?? throw AdminApiException.BadRequest("Query parameter 'id' or 'search' is required."),
                exactIdOnly: false,
                showSecret);
        return Results.Json(info, AdminJson.Default.KeyInfo);
    }

    public static async Task<IResult> CreateKeyAsync(HttpContext http)
    {
        // Garage accepts an empty body here (an unnamed key), so do we.
        var request = http.Request.ContentLength == 0
            ? new CreateKeyRequest(null)
            : await AdminHttp.ReadBodyAsync(http, AdminJson.Default.CreateKeyRequest);
        CheckName(request.Name);
        var info = await AdminHttp.Backend(http).CreateKeyAsync(request.Name ?? "", request.AllowCreateBucket ?? true);
        return Results.Json(info, AdminJson.Default.KeyInfo);
    }

    public static async Task<IResult> ImportKeyAsync(HttpContext http)
    {
        var request = await AdminHttp.ReadBodyAsync(http, AdminJson.Default.ImportKeyRequest);
        CheckName(request.Name);
        if (!IsValidKeyId(request.AccessKeyId))
        {
            throw AdminApiException.BadRequest("accessKeyId must be 3 to 128 ASCII letters or digits.");
        }

        if (request.SecretAccessKey is not { Length: >= 8 and <= 128 } secret || secret.Any(c => c <= ' ' || c > '~'))
        {
            throw AdminApiException.BadRequest("secretAccessKey must be 8 to 128 printable ASCII characters without spaces.");
        }

        var info = await AdminHttp.Backend(http).ImportKeyAsync(request.AccessKeyId, secret, request.Name ?? "", request.AllowCreateBucket ?? true);
        return Results.Json(info, AdminJson.Default.KeyInfo);
    }

    public static async Task<IResult> UpdateKeyAsync(HttpContext http)
    {
        var id = AdminHttp.RequiredQuery(http, "id");
        var request = await AdminHttp.ReadBodyAsync(http, AdminJson.Default.UpdateKeyRequest);
        var allow = request.Allow?.CreateBucket == true;
        var deny = request.Deny?.CreateBucket == true;
        var backend = AdminHttp.Backend(http);
        var info = (allow, deny) switch
        {
            (true, true) => throw AdminApiException.BadRequest("createBucket cannot be both allowed and denied."),
            (true, false) => await backend.SetAllowCreateBucketAsync(id, true),
            (false, true) => await backend.SetAllowCreateBucketAsync(id, false),
            _ => await backend.GetKeyInfoAsync(id, exactIdOnly: true, showSecret: false),
        };
        return Results.Json(info, AdminJson.Default.KeyInfo);
    }

    public static async Task<IResult> DeleteKeyAsync(HttpContext http)
    {
        var id = AdminHttp.RequiredQuery(http, "id");
        await AdminHttp.Backend(http).DeleteKeyAsync(id);
        return Results.Json(new DeletedResult(id, true), AdminJson.Default.DeletedResult);
    }

    private static void CheckName(string? name)
    {
        if (name is { Length: > MaxNameLength })
        {
            throw AdminApiException.BadRequest($"A key name has at most {MaxNameLength} characters.");
        }
    }

    private static bool IsValidKeyId(string? id) =>
        id is { Length: >= 3 and <= 128 } && id.All(char.IsAsciiLetterOrDigit);
}
