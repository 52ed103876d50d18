using System.Text;

namespace GarageOrleans.Cluster;

/// <summary>Whole-file writes that a crash cannot leave half done: temp file in the same directory, fsync, rename.</summary>
internal static class AtomicFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="content"/>.</summary>
    public static void Write(string path, string content) => WriteCore(path, content, replace: true);

    /// <summary>
    /// Creates <paramref name="path"/> only if it does not exist. Returns false, leaving the existing file untouched,
    /// when another writer got there first.
    /// </summary>
    public static bool TryCreate(string path, string content) => WriteCore(path, content, replace: false);

    private static bool WriteCore(string path, string content, bool replace)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // Created private from the start: a chmod after writing would leave a window.
                options.UnixCreateMode = OwnerReadWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, path, overwrite: replace);
            }
            catch (IOException) when (!replace && File.Exists(path))
            {
                return false;
            }

            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
