namespace GarageOrleans.Testing;

/// <summary>Unique, valid bucket names so tests sharing a node never collide.</summary>
public static class UniqueNames
{
    private static int _counter;

    public static string Bucket(string prefix = "b") =>
        $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}".ToLowerInvariant();
}
