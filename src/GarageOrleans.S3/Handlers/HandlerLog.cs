using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Handlers;

/// <summary>The few events handlers log themselves; everything else surfaces through the error middleware.</summary>
internal static partial class HandlerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort upload {Version} of {Bucket}/{Key} after a failed write; it stays Uploading (invisible) until cleaned up")]
    public static partial void AbortFailed(this ILogger logger, Exception exception, VersionId version, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client went away while {Operation} streamed {Bucket}/{Key}")]
    public static partial void ClientAborted(this ILogger logger, string operation, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streaming {Bucket}/{Key} failed after the response started; connection aborted")]
    public static partial void StreamFailed(this ILogger logger, Exception exception, string bucket, string key);
}
