using GarageOrleans.Primitives;
using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Pipeline;

internal sealed class GrainBucketResolver(IGrainFactory grains) : IBucketResolver
{
    public Task<BucketInfo?> FindAsync(string name, CancellationToken cancellationToken) =>
        // A name no bucket could have is not worth a grain activation.
        BucketNames.IsValid(name)
            ? grains.GetGrain<IBucketGrain>(name).GetAsync().WaitAsync(cancellationToken)
            : Task.FromResult<BucketInfo?>(null);
}
