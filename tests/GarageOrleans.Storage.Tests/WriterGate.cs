namespace GarageOrleans.Storage.Tests;

/// <summary>
/// Holds an engine's writer inside a body until <see cref="Release"/>, so that the writes queued meanwhile form one
/// batch. Bodies must not block in production; here blocking is the point.
/// </summary>
internal sealed class WriterGate : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _release = new();

    /// <summary>Starts a body that blocks the writer (on a pool thread: the memory engine runs bodies inline).</summary>
    public Task<bool> HoldAsync(IMetadataEngine engine, Action<IWriteTransaction>? inside = null)
    {
        var write = Task.Run(() => engine.WriteAsync(tx =>
        {
            inside?.Invoke(tx);
            _entered.Set();
            if (!_release.Wait(Timeout))
            {
                throw new TimeoutException("the test never released the writer gate");
            }

            return true;
        }));
        if (!_entered.Wait(Timeout))
        {
            throw new TimeoutException("the writer never started the gate body");
        }

        return write;
    }

    public void Release() => _release.Set();

    public void Dispose()
    {
        _release.Set();
        _entered.Dispose();
        _release.Dispose();
    }
}
