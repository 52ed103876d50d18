namespace GarageOrleans.Primitives;

/// <summary>
/// The node has no layout yet: a cluster member that joined but was never assigned a layout knows no replica of any
/// partition. Retryable (an operator applies a layout), so S3 answers 503, never 500. Declared here, the one layer
/// both the tables that throw it and the S3 boundary that maps it can see.
/// </summary>
[GenerateSerializer]
public sealed class NoLayoutException : Exception
{
    public NoLayoutException()
        : base("This node has no cluster layout yet: assign its role and apply a layout (garage-orleans layout assign, layout apply).")
    {
    }

    public NoLayoutException(string message)
        : base(message)
    {
    }

    public NoLayoutException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
