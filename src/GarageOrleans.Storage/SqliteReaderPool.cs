using System.Collections.Concurrent;

namespace GarageOrleans.Storage;

/// <summary>
/// Read connections, opened on demand up to a cap. In WAL mode each reads the last committed state without waiting
/// for the writer; the cap bounds open files and page caches, and callers past it wait asynchronously.
/// </summary>
internal sealed class SqliteReaderPool(Func<SqliteStatementCache> open, int maxConnections) : IAsyncDisposable
{
    private readonly ConcurrentBag<SqliteStatementCache> _idle = [];
    private readonly SemaphoreSlim _slots = new(maxConnections, maxConnections);
    private volatile bool _disposed;

    public async ValueTask<SqliteStatementCache> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        if (_disposed)
        {
            _slots.Release();
            throw new ObjectDisposedException(nameof(SqliteMetadataEngine));
        }

        if (_idle.TryTake(out var connection))
        {
            return connection;
        }

        try
        {
            return open();
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Return(SqliteStatementCache connection)
    {
        if (_disposed)
        {
            connection.Dispose();
        }
        else
        {
            _idle.Add(connection);
        }

        _slots.Release();
    }

    /// <summary>Waits for the reads in flight, then closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        for (var i = 0; i < maxConnections; i++)
        {
            await _slots.WaitAsync();
        }

        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }

        _slots.Dispose();
    }
}
