namespace GarageOrleans.Storage;

/// <summary>A write body waiting for the writer thread, and the task its caller awaits.</summary>
internal abstract class PendingWrite(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Runs the body inside the batch's transaction; the result is held until the batch commits.</summary>
    public abstract void Run(IWriteTransaction tx);

    /// <summary>The batch committed durably.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception error);

    public abstract void Cancel();
}

internal sealed class PendingWrite<T>(Func<IWriteTransaction, T> body, CancellationToken cancellationToken)
    : PendingWrite(cancellationToken)
{
    // Continuations must not run on the writer thread: they would delay the next batch.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Run(IWriteTransaction tx) => _result = body(tx);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
