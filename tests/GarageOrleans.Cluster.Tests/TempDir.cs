namespace GarageOrleans.Cluster.Tests;

/// <summary>A fresh directory under the system temp dir, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("garage-cluster-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
