using GarageOrleans.Primitives;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>ListBuckets, GetBucketInfo, CreateBucket, DeleteBucket, AllowBucketKey, DenyBucketKey.</summary>
internal static class BucketHandlers
{
    public static async Task<IResult> ListBucketsAsync(HttpContext http) =>
        Results.Json(await AdminHttp.Backend(http).ListBucketsAsync(), AdminJson.Default.IReadOnlyListBucketListItem);

    public static async Task<IResult> GetBucketInfoAsync(HttpContext http) =>
        Results.Json(await AdminHttp.Backend(http).GetBucketInfoAsync(AdminHttp.BucketFromQuery(http)), AdminJson.Default.BucketInfo);

    public static async Task<IResult> CreateBucketAsync(HttpContext http)
    {
        var request = await AdminHttp.ReadBodyAsync(http, AdminJson.Default.CreateBucketRequest);
        if (BucketNames.Validate(request.GlobalAlias) is { } problem)
        {
            throw new AdminApiException(StatusCodes.Status400BadRequest, "InvalidBucketName", problem);
        }

        return Results.Json(await AdminHttp.Backend(http).CreateBucketAsync(request.GlobalAlias), AdminJson.Default.BucketInfo);
    }

    public static async Task<IResult> DeleteBucketAsync(HttpContext http)
    {
        var id = await AdminHttp.Backend(http).DeleteBucketAsync(AdminHttp.BucketFromQuery(http));
        return Results.Json(new DeletedResult(id, true), AdminJson.Default.DeletedResult);
    }

    public static Task<IResult> AllowBucketKeyAsync(HttpContext http) => SetPermissionAsync(http, allow: true);

    public static Task<IResult> DenyBucketKeyAsync(HttpContext http) => SetPermissionAsync(http, allow: false);

    private static async Task<IResult> SetPermissionAsync(HttpContext http, bool allow)
    {
        var request = await AdminHttp.ReadBodyAsync(http, AdminJson.Default.BucketKeyPermissionRequest);
        var bucket = request.GlobalAlias is { Length: > 0 } alias ? new BucketRef(null, alias)
            : request.BucketId is { Length: > 0 } id ? BucketRef.Parse(id)
            : throw AdminApiException.BadRequest("bucketId or globalAlias is required.");
        if (string.IsNullOrEmpty(request.AccessKeyId))
        {
            throw AdminApiException.BadRequest("accessKeyId is required.");
        }

        if (request.Permissions is not { Any: true } flags)
        {
            throw AdminApiException.BadRequest("permissions must set at least one of read, write, owner to true.");
        }

        var info = await AdminHttp.Backend(http).SetBucketKeyPermissionAsync(bucket, request.AccessKeyId, flags, allow);
        return Results.Json(info, AdminJson.Default.BucketInfo);
    }
}
