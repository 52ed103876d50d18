using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GarageOrleans.Storage.Tests;

public sealed class SqliteMetadataEngineTests(ITestOutputHelper output) : IDisposable
{
    private const string Tree = "sqlite:table";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();

    private string DbPath => _temp.File("meta/db.sqlite");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task GroupCommit_WritesQueuedWhileTheWriterIsBusy_CommitInOneTransaction()
    {
        await using var engine = Open();
        using var gate = new WriterGate();
        var held = gate.HoldAsync(engine);
        var before = engine.CommitCount;
        var writes = Enumerable.Range(0, 100).Select(i => engine.WriteAsync(tx => { tx.Put(Tree, B($"k{i}"), B("v")); return i; })).ToList();
        var failing = engine.WriteAsync<int>(tx => { tx.Put(Tree, B("bad"), B("v")); throw new InvalidOperationException("boom"); });

        gate.Release();
        await held;
        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        // One commit for the gate's batch, one for everything queued behind it, failing body included.
        Assert.Equal(before + 2, engine.CommitCount);
        Assert.Equal(100, (await engine.RangeAsync(Tree, RangeQuery.Prefix(B("k"), 1000))).Count);
        Assert.Null(await engine.GetAsync(Tree, B("bad")));
    }

    [Fact]
    public async Task Reads_DoNotWaitForTheWriter_AndDoNotSeeUncommittedWrites()
    {
        await using var engine = Open();
        await engine.WriteAsync(tx => { tx.Put(Tree, B("committed"), B("1")); return true; });
        using var gate = new WriterGate();
        var held = gate.HoldAsync(engine, tx => tx.Put(Tree, B("pending"), B("2")));

        var committed = await engine.GetAsync(Tree, B("committed")).AsTask().WaitAsync(Timeout);
        var pending = await engine.GetAsync(Tree, B("pending")).AsTask().WaitAsync(Timeout);
        var range = await engine.RangeAsync(Tree, new RangeQuery(null, null, 10)).AsTask().WaitAsync(Timeout);
        gate.Release();
        await held;

        Assert.Equal(B("1"), committed);
        Assert.Null(pending);
        Assert.Single(range);
        Assert.Equal(B("2"), await engine.GetAsync(Tree, B("pending")));
    }

    [Fact]
    public async Task Write_CanceledWhileQueued_IsCanceledAndNotWritten()
    {
        await using var engine = Open();
        using var gate = new WriterGate();
        var held = gate.HoldAsync(engine);
        using var cts = new CancellationTokenSource();
        var queued = engine.WriteAsync(tx => { tx.Put(Tree, B("k"), B("v")); return true; }, cts.Token);

        await cts.CancelAsync();
        gate.Release();
        await held;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Null(await engine.GetAsync(Tree, B("k")));
    }

    [Fact]
    public async Task Reopen_AfterDispose_FindsTheData()
    {
        await using (var engine = Open())
        {
            await engine.WriteAsync(tx =>
            {
                tx.Put(Tree, B("k"), B("v"));
                tx.Put("second:tree", [], [0xFF]);
                return true;
            });
        }

        await using var reopened = Open();
        Assert.Equal(B("v"), await reopened.GetAsync(Tree, B("k")));
        Assert.Equal(new byte[] { 0xFF }, await reopened.GetAsync("second:tree", Array.Empty<byte>()));
        Assert.False(File.Exists(DbPath + "-wal") && new FileInfo(DbPath + "-wal").Length > 0, "WAL should be checkpointed at close");
    }

    [Fact]
    public async Task Dispose_CommitsTheWritesAlreadyQueued()
    {
        var engine = Open();
        using var gate = new WriterGate();
        var held = gate.HoldAsync(engine);
        var queued = Enumerable.Range(0, 20).Select(i => engine.WriteAsync(tx => { tx.Put(Tree, B($"k{i:d2}"), B("v")); return i; })).ToList();

        var disposing = engine.DisposeAsync().AsTask();
        gate.Release();
        await disposing.WaitAsync(Timeout);
        await held;
        await Task.WhenAll(queued);

        await using var reopened = Open();
        Assert.Equal(20, (await reopened.RangeAsync(Tree, RangeQuery.Prefix(B("k"), 100))).Count);
    }

    [Fact]
    public async Task Open_SetsWalModeAndStampsTheFormat()
    {
        await using (Open())
        {
        }

        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteFormat.CurrentVersion, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal((long)SqliteFormat.ApplicationId, Scalar(connection, "PRAGMA application_id"));
    }

    [Fact]
    public async Task Open_OfANewerFormat_IsRefused()
    {
        await using (Open())
        {
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, $"PRAGMA user_version = {SqliteFormat.CurrentVersion + 1}");
        }

        Assert.Throws<NotSupportedException>(() => Open());
    }

    [Fact]
    public void Open_OfAForeignSqliteDatabase_IsRefused()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, "CREATE TABLE users (id INTEGER)");
        }

        Assert.Throws<InvalidDataException>(() => Open());
    }

    [Fact]
    public async Task Snapshot_ToAnExistingFile_IsRefused()
    {
        await using var engine = Open();
        var target = _temp.File("exists.sqlite");
        await File.WriteAllTextAsync(target, "x");

        await Assert.ThrowsAsync<IOException>(() => engine.SnapshotAsync(target));
    }

    /// <summary>Not a benchmark: prints the throughput so regressions are visible, asserts only that batching happened.</summary>
    [Fact]
    public async Task Throughput_Of2000ConcurrentSmallWrites_WithFsync()
    {
        const int writes = 2000;
        await using var engine = Open(fsync: true);
        await engine.WriteAsync(tx => { tx.Put(Tree, B("warmup"), B("v")); return true; });

        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await engine.WriteAsync(tx => { tx.Put(Tree, B($"seq{i}"), B("v")); return true; });
        }

        sequential.Stop();
        await WriteConcurrentlyAsync(engine, "warm", 500, new byte[100]);
        var commitsBefore = engine.CommitCount;
        var concurrent = Stopwatch.StartNew();
        await WriteConcurrentlyAsync(engine, "c", writes, new byte[100]);
        concurrent.Stop();
        var commits = engine.CommitCount - commitsBefore;

        output.WriteLine($"sequential: {20 / sequential.Elapsed.TotalSeconds:F0} writes/s ({sequential.Elapsed.TotalMilliseconds / 20:F2} ms per commit)");
        output.WriteLine($"concurrent: {writes} writes in {concurrent.Elapsed.TotalMilliseconds:F0} ms = {writes / concurrent.Elapsed.TotalSeconds:F0} writes/s, {commits} commits ({(double)writes / commits:F1} writes per commit)");
        Assert.Equal(writes, (await engine.RangeAsync(Tree, RangeQuery.Prefix(B("c"), writes + 1))).Count);
        Assert.True(commits < writes, $"expected group commit to batch writes, got {commits} commits for {writes} writes");
    }

    private static Task WriteConcurrentlyAsync(SqliteMetadataEngine engine, string prefix, int count, byte[] value) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Task.Run(() => engine.WriteAsync(tx => { tx.Put(Tree, Encoding.UTF8.GetBytes($"{prefix}{i:d5}"), value); return true; }))));

    private SqliteMetadataEngine Open(bool fsync = true) =>
        SqliteMetadataEngine.Open(new MetadataEngineOptions { Path = DbPath, Fsync = fsync });

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
}
