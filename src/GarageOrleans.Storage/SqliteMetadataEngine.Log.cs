using Microsoft.Extensions.Logging;

namespace GarageOrleans.Storage;

public sealed partial class SqliteMetadataEngine
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata database {Path} {Action} (format {Version}, fsync {Fsync}, {TreeCount} trees)")]
    private static partial void LogOpened(ILogger logger, string path, string action, int version, bool fsync, int treeCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Metadata database {Path} closed after {CommitCount} commits")]
    private static partial void LogClosed(ILogger logger, string path, long commitCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A write body on {Path} threw and was rolled back alone")]
    private static partial void LogBodyFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Metadata transaction on {Path} failed; {WriteCount} writes of the batch are lost")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string path, int writeCount);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Metadata writer of {Path} crashed; the engine accepts no more writes")]
    private static partial void LogWriterCrashed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint of {Path} failed at close")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata snapshot of {Path} written to {Target}")]
    private static partial void LogSnapshot(ILogger logger, string path, string target);
}
