namespace GarageOrleans.Tables;

/// <summary>Fewer replicas than the quorum answered; carries the replicas' errors.</summary>
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
