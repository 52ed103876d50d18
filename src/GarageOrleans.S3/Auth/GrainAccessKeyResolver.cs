using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// Reads keys from their grains, with no cache of our own: the key grain serves its committed row from memory, and
/// going to it on every request makes key deletion take effect at once.
/// </summary>
internal sealed class GrainAccessKeyResolver(IGrainFactory grains) : IAccessKeyResolver
{
    public Task<AccessKeyInfo?> FindAsync(string accessKeyId, CancellationToken cancellationToken) =>
        grains.GetGrain<IAccessKeyGrain>(accessKeyId).GetAsync().WaitAsync(cancellationToken);
}
