using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Pipeline;

/// <summary>
/// Finds a bucket by its global name for the pipeline. In a node, the node's full-copy replica of the bucket tables
/// (<see cref="IBucketReader"/>, no grain call); without one, <see cref="IBucketGrain"/>.
/// </summary>
public interface IBucketResolver
{
    /// <summary>The live bucket, or null (answered as NoSuchBucket).</summary>
    Task<BucketInfo?> FindAsync(string name, CancellationToken cancellationToken);
}
