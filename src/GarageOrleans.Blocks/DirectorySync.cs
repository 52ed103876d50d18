using System.Runtime.InteropServices;

namespace GarageOrleans.Blocks;

/// <summary>
/// fsync of a directory, which makes a rename or a new entry in it durable. .NET cannot open a directory as a file,
/// hence libc. Windows has no equivalent and needs none (NTFS journals its metadata).
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyFlag = 0; // O_RDONLY: the same value on Linux and macOS.

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, ReadOnlyFlag);
        if (fd < 0)
        {
            throw NewIOException("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw NewIOException("fsync", directory, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // HResult = errno, as .NET's own Unix I/O exceptions do, so that disk-full detection sees the same codes.
    private static IOException NewIOException(string call, string directory, int errno) =>
        new($"{call}({directory}) failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
