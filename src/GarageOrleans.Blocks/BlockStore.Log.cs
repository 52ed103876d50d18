using GarageOrleans.Primitives;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Blocks;

public sealed partial class BlockStore
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Block store initialised in {DataDir} (marker written)")]
    private static partial void LogMarkerCreated(ILogger logger, string dataDir);

    [LoggerMessage(Level = LogLevel.Error, Message = "Block {Hash} is corrupted ({Problem}); {Path} set aside as .corrupted")]
    private static partial void LogBlockCorrupted(ILogger logger, BlockHash hash, string path, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "No space left in {DataDir} to store block {Hash}")]
    private static partial void LogDiskFull(ILogger logger, BlockHash hash, string dataDir);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete temp file {Path}")]
    private static partial void LogTempDeleteFailed(ILogger logger, string path, Exception exception);
}
