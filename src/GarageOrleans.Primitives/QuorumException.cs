namespace GarageOrleans.Primitives;

/// <summary>
/// Fewer replicas than the quorum answered; carries the replicas' errors. Retryable (nodes come back, or membership
/// declares them dead and the layout's other replicas answer), so S3 answers 503, never 500. Declared here, the one
/// layer both the tables and block path that throw it and the S3 boundary that maps it can see.
/// </summary>
[GenerateSerializer]
public sealed class QuorumException : Exception
{
    public QuorumException()
    {
    }

    public QuorumException(string message)
        : base(message)
    {
    }

    public QuorumException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QuorumException(string message, IReadOnlyList<Exception> errors)
        : base(message, errors.Count == 1 ? errors[0] : new AggregateException(errors))
    {
    }
}
