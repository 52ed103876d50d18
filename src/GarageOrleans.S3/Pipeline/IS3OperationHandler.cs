using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Pipeline;

/// <summary>
/// A family of S3 operations (one handler class per family: buckets, objects, listing, multipart). Registered in DI;
/// the dispatcher answers 501 NotImplemented for any operation no handler claims.
/// </summary>
public interface IS3OperationHandler
{
    IReadOnlyCollection<S3Operation> Operations { get; }

    /// <summary>Writes the whole response, or throws <see cref="Errors.S3Exception"/>.</summary>
    Task HandleAsync(S3RequestContext context);
}
