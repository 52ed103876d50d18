using Microsoft.Data.Sqlite;

namespace GarageOrleans.Storage;

public sealed partial class SqliteMetadataEngine
{
    /// <summary>
    /// The single writer. It sleeps until a body is queued, then takes everything queued (up to
    /// <see cref="MaxBatchSize"/>) into one transaction: the bodies that arrive while a commit is being fsynced form the
    /// next batch, so the fsync cost is shared by however many writers are waiting. Runs on a dedicated thread because
    /// every SQLite call here blocks.
    /// </summary>
    private void WriterLoop()
    {
        var batch = new List<PendingWrite>(MaxBatchSize);
        var done = new List<PendingWrite>(MaxBatchSize);
        try
        {
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                RunBatch(batch, done);
                batch.Clear();
                done.Clear();
            }
        }
        catch (Exception e)
        {
            // Only a bug gets here; fail every waiter rather than leave it hanging.
            LogWriterCrashed(_logger, e, _path);
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }

            _queue.Writer.TryComplete(e);
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Fail(e);
            }
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    private void RunBatch(List<PendingWrite> batch, List<PendingWrite> done)
    {
        try
        {
            _writer.ExecuteFixed("BEGIN IMMEDIATE");
        }
        catch (Exception e)
        {
            LogBatchFailed(_logger, e, _path, batch.Count);
            FailAll(batch, e);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Cancel();
                continue;
            }

            var outcome = RunBody(pending);
            if (outcome == BodyOutcome.Aborted)
            {
                // The transaction is in an unknown state: nothing of this batch may commit.
                var error = new IOException($"metadata transaction on '{_path}' was aborted by a failed rollback");
                AbortBatch(done, error);
                FailAll(batch.Skip(i + 1), error);
                return;
            }

            if (outcome == BodyOutcome.Done)
            {
                done.Add(pending);
            }
        }

        try
        {
            _writer.ExecuteFixed("COMMIT");
        }
        catch (Exception e)
        {
            LogBatchFailed(_logger, e, _path, done.Count);
            AbortBatch(done, e);
            return;
        }

        _transaction.CommitBatch();
        Interlocked.Increment(ref _commitCount);
        foreach (var pending in done)
        {
            pending.Complete();
        }
    }

    /// <summary>Runs one body in its own savepoint.</summary>
    private BodyOutcome RunBody(PendingWrite pending)
    {
        try
        {
            _writer.ExecuteFixed("SAVEPOINT body");
        }
        catch (SqliteException e)
        {
            pending.Fail(e);
            LogBatchFailed(_logger, e, _path, 1);
            return BodyOutcome.Aborted;
        }

        _transaction.BeginBody();
        try
        {
            pending.Run(_transaction);
            _transaction.EndBody();
            _writer.ExecuteFixed("RELEASE body");
            return BodyOutcome.Done;
        }
        catch (Exception e)
        {
            _transaction.EndBody();
            pending.Fail(e);
            try
            {
                _writer.ExecuteFixed("ROLLBACK TO body");
                _writer.ExecuteFixed("RELEASE body");
                _transaction.RollbackBody();
                LogBodyFailed(_logger, e, _path);
                return BodyOutcome.RolledBack;
            }
            catch (SqliteException rollbackError)
            {
                // e.g. SQLite already rolled the whole transaction back after an I/O error.
                LogBatchFailed(_logger, rollbackError, _path, 1);
                return BodyOutcome.Aborted;
            }
        }
    }

    private void AbortBatch(List<PendingWrite> done, Exception error)
    {
        try
        {
            if (!_writer.Connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_writer.Connection.Handle) == 0)
            {
                _writer.ExecuteFixed("ROLLBACK");
            }
        }
        catch (SqliteException e)
        {
            LogBatchFailed(_logger, e, _path, done.Count);
        }

        _transaction.RollbackBatch();
        FailAll(done, error);
    }

    private static void FailAll(IEnumerable<PendingWrite> writes, Exception error)
    {
        foreach (var pending in writes)
        {
            pending.Fail(error);
        }
    }

    private enum BodyOutcome
    {
        Done,
        RolledBack,
        Aborted,
    }
}
