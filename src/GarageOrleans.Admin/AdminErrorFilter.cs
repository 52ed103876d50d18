using GarageOrleans.Abstractions;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Admin;

/// <summary>
/// The one exception boundary of the admin API: <see cref="AdminApiException"/> becomes its status and
/// <see cref="AdminError"/> body (logged at Information, a caller's mistake), and so does
/// <see cref="LayoutChangeRejectedException"/> (400 InvalidLayout); anything else becomes 500
/// InternalError with no detail (logged at Warning with the exception). A cancelled request is not an error.
/// </summary>
internal sealed partial class AdminErrorFilter : IEndpointFilter
{
    public const string LoggerCategory = "GarageOrleans.Admin.AdminApi";

    /// <summary>The code of a layout change the layout refused (<see cref="LayoutChangeRejectedException"/>).</summary>
    public const string InvalidLayoutCode = "InvalidLayout";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (AdminApiException e)
        {
            LogClientError(Logger(http), http.Request.Method, http.Request.Path, e.StatusCode, e.Code);
            return Error(e.StatusCode, e.Code, e.Message);
        }
        catch (LayoutChangeRejectedException e)
        {
            // The layout's own refusal (stale version, nothing staged, impossible assignment): the operator can fix it.
            LogClientError(Logger(http), http.Request.Method, http.Request.Path, StatusCodes.Status400BadRequest, InvalidLayoutCode);
            return Error(StatusCodes.Status400BadRequest, InvalidLayoutCode, e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e)
        {
            LogInternalError(Logger(http), e, http.Request.Method, http.Request.Path);
            return Error(StatusCodes.Status500InternalServerError, "InternalError", "The node failed to handle this admin call; see its log.");
        }
    }

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new AdminError(code, message), AdminJson.Default.AdminError, statusCode: status);

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin call {Method} {Path} refused: {Status} {Code}")]
    private static partial void LogClientError(ILogger logger, string method, string path, int status, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin call {Method} {Path} failed")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string method, string path);
}
