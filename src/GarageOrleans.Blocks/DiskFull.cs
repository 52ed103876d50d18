namespace GarageOrleans.Blocks;

/// <summary>Recognises "no space left" among I/O errors, so that it becomes a clean 507 instead of a 500.</summary>
internal static class DiskFull
{
    private const int Enospc = 28; // Linux and macOS
    private const int EdquotLinux = 122;
    private const int EdquotMac = 69;
    private const int ErrorHandleDiskFull = 0x27;
    private const int ErrorDiskFull = 0x70;

    public static bool Is(IOException exception)
    {
        var code = exception.HResult;
        if (OperatingSystem.IsWindows())
        {
            // HRESULT_FROM_WIN32: 0x8007xxxx.
            var win32 = (code & unchecked((int)0xFFFF0000)) == unchecked((int)0x80070000) ? code & 0xFFFF : code;
            return win32 is ErrorHandleDiskFull or ErrorDiskFull;
        }

        // On Unix, .NET puts the raw errno in HResult.
        return code == Enospc || code == (OperatingSystem.IsMacOS() ? EdquotMac : EdquotLinux);
    }
}
