using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>
/// A failure the admin API reports to its caller as <see cref="AdminError"/> with <see cref="StatusCode"/>. Anything
/// else thrown by a handler becomes a 500 InternalError with no detail.
/// </summary>
internal sealed class AdminApiException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public static AdminApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, "InvalidRequest", message);

    public static AdminApiException NoSuchKey(string key) =>
        new(StatusCodes.Status404NotFound, "NoSuchAccessKey", $"No access key matches '{key}'.");

    public static AdminApiException NoSuchBucket(string bucket) =>
        new(StatusCodes.Status404NotFound, "NoSuchBucket", $"No bucket matches '{bucket}'.");
}
