using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GarageOrleans.Storage;

/// <summary>
/// The metadata engine on one SQLite file in WAL mode: one table per tree, a single writer thread that commits every
/// body queued at the same time in one transaction (group commit: one fsync for the batch), and a pool of read
/// connections that never wait for the writer.
/// </summary>
public sealed partial class SqliteMetadataEngine : IMetadataEngine
{
    /// <summary>Bodies per transaction: enough to share one fsync among many writers, few enough to keep a batch short.</summary>
    internal const int MaxBatchSize = 256;

    private const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _trees;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteStatementCache _writer;
    private readonly SqliteWriteTransaction _transaction;
    private readonly SqliteReaderPool _readers;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _commitCount;
    private int _disposed;

    private SqliteMetadataEngine(string path, string connectionString, SqliteStatementCache writer, ConcurrentDictionary<string, byte> trees, ILogger logger)
    {
        _path = path;
        _connectionString = connectionString;
        _writer = writer;
        _trees = trees;
        _logger = logger;
        _transaction = new SqliteWriteTransaction(writer, trees);
        _readers = new SqliteReaderPool(OpenReader, Math.Clamp(Environment.ProcessorCount * 2, 4, 16));
        new Thread(WriterLoop) { IsBackground = true, Name = "metadata-writer" }.Start();
    }

    public string EngineName => "sqlite";

    /// <summary>Number of transactions committed: fewer than the writes when group commit batches them.</summary>
    internal long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>
    /// Opens (or creates, with its directory) the database at <see cref="MetadataEngineOptions.Path"/>. Throws
    /// <see cref="InvalidDataException"/> for a file that is not ours and <see cref="NotSupportedException"/> for a
    /// newer format.
    /// </summary>
    public static SqliteMetadataEngine Open(MetadataEngineOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Path);
        logger ??= NullLogger.Instance;
        var path = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // We hold our connections for the engine's lifetime; pooling would keep the file open after Dispose.
            Pooling = false,
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        var writer = new SqliteStatementCache(connection);
        try
        {
            connection.Open();
            writer.Execute($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
            var mode = ExecuteScalar(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"'{path}': WAL journal mode is unavailable (got '{mode}')");
            }

            // FULL: the WAL is fsynced at every commit. NORMAL: only at checkpoints (a crash may lose the last commits
            // but never corrupts the file).
            writer.Execute(options.Fsync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            var version = SqliteFormat.EnsureCurrent(connection, path);
            var trees = LoadTrees(connection);
            var engine = new SqliteMetadataEngine(path, connectionString, writer, trees, logger);
            LogOpened(logger, path, version == 0 ? "created" : "opened", SqliteFormat.CurrentVersion, options.Fsync, trees.Count);
            return engine;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public async ValueTask<byte[]?> GetAsync(string tree, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        TreeNames.Validate(tree);
        ThrowIfDisposed();
        if (!_trees.ContainsKey(tree))
        {
            return null;
        }

        var reader = await _readers.RentAsync(cancellationToken);
        try
        {
            return reader.For(tree).Get(key.ToArray());
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    public async ValueTask<IReadOnlyList<KeyValue>> RangeAsync(string tree, RangeQuery query, CancellationToken cancellationToken = default)
    {
        TreeNames.Validate(tree);
        TreeNames.Validate(query);
        ThrowIfDisposed();
        if (!_trees.ContainsKey(tree))
        {
            return [];
        }

        var reader = await _readers.RentAsync(cancellationToken);
        try
        {
            return reader.For(tree).Range(query);
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    public Task<T> WriteAsync<T>(Func<IWriteTransaction, T> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var pending = new PendingWrite<T>(body, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteMetadataEngine)));
        }

        return pending.Task;
    }

    /// <summary>
    /// <c>VACUUM INTO</c> on a connection of its own: a consistent, compacted copy taken while writes go on. The copy
    /// is fsynced, which SQLite does not do for VACUUM INTO. The target must not exist.
    /// </summary>
    public Task SnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfDisposed();
        var target = System.IO.Path.GetFullPath(path);
        if (File.Exists(target))
        {
            throw new IOException($"snapshot target '{target}' already exists");
        }

        return Task.Run(() =>
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            using (var connection = new SqliteConnection(_connectionString))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "VACUUM INTO $path";
                command.Parameters.AddWithValue("$path", target);
                command.ExecuteNonQuery();
            }

            using (var file = new FileStream(target, FileMode.Open, FileAccess.ReadWrite))
            {
                file.Flush(flushToDisk: true);
            }

            LogSnapshot(_logger, _path, target);
        }, cancellationToken);
    }

    /// <summary>Commits the writes already queued, waits for reads in flight, checkpoints the WAL and closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writerDone.Task;
            return;
        }

        _queue.Writer.TryComplete();
        await _writerDone.Task;
        await _readers.DisposeAsync();
        try
        {
            _writer.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException e)
        {
            // Not fatal: the WAL is replayed at the next open.
            LogCheckpointFailed(_logger, e, _path);
        }

        _writer.Dispose();
        LogClosed(_logger, _path, CommitCount);
    }

    private static ConcurrentDictionary<string, byte> LoadTrees(SqliteConnection connection)
    {
        var trees = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, length($prefix)) = $prefix";
        command.Parameters.AddWithValue("$prefix", TreeNames.SqliteTablePrefix);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            trees.TryAdd(reader.GetString(0)[TreeNames.SqliteTablePrefix.Length..], 0);
        }

        return trees;
    }

    private static object? ExecuteScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private SqliteStatementCache OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        var cache = new SqliteStatementCache(connection);
        try
        {
            connection.Open();
            cache.Execute($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
            cache.Execute("PRAGMA query_only = ON");
            return cache;
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
