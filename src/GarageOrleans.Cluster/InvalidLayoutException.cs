namespace GarageOrleans.Cluster;

/// <summary>
/// A layout that cannot be computed or loaded: bad roles or replication factor (an operator error, to be reported as
/// such, e.g. HTTP 400 by the admin API), or a stored layout that does not describe a valid assignment.
/// </summary>
public sealed class InvalidLayoutException : Exception
{
    public InvalidLayoutException(string message)
        : base(message)
    {
    }

    public InvalidLayoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
