using System.Diagnostics.Metrics;

namespace GarageOrleans.S3.Pipeline;

/// <summary>
/// Counts the requests answered 500 InternalError: an exception nobody mapped reached the pipeline's boundary, which
/// is always a bug (hostile input must get a specific 4xx, an unavailable cluster a 503). Published twice: as the
/// <c>garage_s3_internal_errors</c> counter of the <c>GarageOrleans.S3</c> meter for operators, and as a plain
/// <see cref="Count"/> that the admin API reports and the test fixtures assert is zero at their end.
/// </summary>
public sealed class S3InternalErrors
{
    public const string MeterName = "GarageOrleans.S3";

    public const string CounterName = "garage_s3_internal_errors";

    private readonly Counter<long> _counter;
    private long _count;

    public S3InternalErrors(IMeterFactory meters)
    {
        // The factory owns the meter and disposes it with the container.
        _counter = meters.Create(MeterName).CreateCounter<long>(CounterName, unit: "{request}", description: "S3 requests answered 500 InternalError (each one is a bug).");
    }

    /// <summary>Internal errors since this node started.</summary>
    public long Count => Interlocked.Read(ref _count);

    internal void Add()
    {
        Interlocked.Increment(ref _count);
        _counter.Add(1);
    }
}
