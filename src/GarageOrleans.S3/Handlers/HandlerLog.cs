using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Handlers;

/// <summary>What handlers log themselves: only failures of cleanup, which must not hide the failure being reported.</summary>
internal static partial class HandlerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort upload {Version} of {Bucket}/{Key} after a failed write; it stays Uploading (invisible) until cleaned up")]
    public static partial void AbortFailed(this ILogger logger, Exception exception, VersionId version, string bucket, string key);

}
