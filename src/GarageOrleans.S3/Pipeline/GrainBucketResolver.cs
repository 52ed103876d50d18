using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Pipeline;

/// <summary>
/// Resolves bucket names through the node-local reader of the bucket tables when the host registered one (a node
/// does: DESIGN §10, no S3 request calls a bucket grain), else through <see cref="IBucketGrain"/> (an S3 front door
/// hosted without the grains' local reader).
/// </summary>
internal sealed class GrainBucketResolver(IGrainFactory grains, IBucketReader? local = null) : IBucketResolver
{
    public Task<BucketInfo?> FindAsync(string name, CancellationToken cancellationToken) =>
        // A name no bucket could have is not worth a lookup.
        !BucketNames.IsValid(name) ? Task.FromResult<BucketInfo?>(null)
        : local is not null ? local.FindAsync(name, cancellationToken)
        : grains.GetGrain<IBucketGrain>(name).GetAsync().WaitAsync(cancellationToken);
}
