using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// Finds the secret of an access key for SigV4. In a node, the node's full-copy replica of the key table
/// (<see cref="IAccessKeyReader"/>, no grain call); without one, <see cref="IAccessKeyGrain"/>.
/// </summary>
public interface IAccessKeyResolver
{
    /// <summary>The live key, or null when it does not exist (answered as InvalidAccessKeyId).</summary>
    Task<AccessKeyInfo?> FindAsync(string accessKeyId, CancellationToken cancellationToken);
}
