using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// Resolves access keys through the node-local reader of the key table when the host registered one (a node does:
/// DESIGN §10, no S3 request calls a key grain; a deletion takes effect as soon as the row reaches this node), else
/// through <see cref="IAccessKeyGrain"/>.
/// </summary>
internal sealed class GrainAccessKeyResolver(IGrainFactory grains, IAccessKeyReader? local = null) : IAccessKeyResolver
{
    public Task<AccessKeyInfo?> FindAsync(string accessKeyId, CancellationToken cancellationToken) =>
        local is not null
            ? local.FindAsync(accessKeyId, cancellationToken)
            : grains.GetGrain<IAccessKeyGrain>(accessKeyId).GetAsync().WaitAsync(cancellationToken);
}
