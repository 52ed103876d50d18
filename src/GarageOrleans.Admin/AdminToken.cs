using System.Security.Cryptography;
using System.Text;

namespace GarageOrleans.Admin;

/// <summary>
/// The node-generated admin token of a zero-configuration node (DESIGN §8): kept in
/// <c>&lt;MetadataDir&gt;/admin-token</c>, readable by the owner only, reused on every start.
/// </summary>
public static partial class AdminToken
{
    /// <summary>Name of the token file inside the metadata directory; the CLI reads <c>./data/meta/admin-token</c>.</summary>
    public const string FileName = "admin-token";

    /// <summary>32 random bytes: as strong as the S3 secret keys, and hex so it survives any shell quoting.</summary>
    private const int TokenBytes = 32;

    /// <summary>
    /// Returns the token stored in <c>&lt;metadataDir&gt;/admin-token</c>, creating the directory and the file
    /// (mode 0600 from the start, so there is no moment when others can read it) when absent. Logs the path, never
    /// the token. Throws <see cref="InvalidDataException"/> when the file exists but is empty.
    /// </summary>
    public static string LoadOrCreate(string metadataDir, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(metadataDir);
        ArgumentNullException.ThrowIfNull(logger);
        var path = Path.GetFullPath(Path.Combine(metadataDir, FileName));
        if (TryRead(path, out var existing))
        {
            LogUsingExisting(logger, path);
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenBytes));
        try
        {
            WriteNew(path, token);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a second node sharing the dir by mistake, or a racing start) wrote it first: use theirs.
            if (TryRead(path, out existing))
            {
                LogUsingExisting(logger, path);
                return existing;
            }

            throw;
        }

        LogCreated(logger, path);
        return token;
    }

    private static bool TryRead(string path, out string token)
    {
        token = "";
        if (!File.Exists(path))
        {
            return false;
        }

        token = File.ReadAllText(path, Encoding.UTF8).Trim();
        if (token.Length == 0)
        {
            throw new InvalidDataException($"The admin token file {path} is empty; delete it to let the node create a new one.");
        }

        return true;
    }

    private static void WriteNew(string path, string token)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
        stream.Flush(flushToDisk: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No Admin:Token configured: generated an admin token and wrote it to {Path} (owner-only); the CLI reads it from there")]
    private static partial void LogCreated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "No Admin:Token configured: using the admin token stored in {Path}")]
    private static partial void LogUsingExisting(ILogger logger, string path);
}
