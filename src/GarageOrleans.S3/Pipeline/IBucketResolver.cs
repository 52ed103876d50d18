using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Pipeline;

/// <summary>Finds a bucket by its global name for the pipeline. The default goes through <see cref="IBucketGrain"/>.</summary>
public interface IBucketResolver
{
    /// <summary>The live bucket, or null (answered as NoSuchBucket).</summary>
    Task<BucketInfo?> FindAsync(string name, CancellationToken cancellationToken);
}
