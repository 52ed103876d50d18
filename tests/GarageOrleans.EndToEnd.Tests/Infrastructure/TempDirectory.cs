namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>A directory under the system temp dir, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a straggling child process still holds a file; the OS temp cleaner gets it
        }
    }
}
