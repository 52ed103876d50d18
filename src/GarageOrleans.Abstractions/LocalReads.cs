namespace GarageOrleans.Abstractions;

/// <summary>
/// Finds a bucket by its global name from this node's own copy of the full-copy tables (DESIGN §10): what S3 requests
/// use, so that they call no bucket grain. Lives here because the S3 layer may not see the grains that implement it.
/// </summary>
public interface IBucketReader
{
    /// <summary>The live bucket, or null when no live bucket has this name.</summary>
    Task<BucketInfo?> FindAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Finds an access key from this node's own copy of the key table (see <see cref="IBucketReader"/>).</summary>
public interface IAccessKeyReader
{
    /// <summary>The live key, or null when it does not exist or was deleted.</summary>
    Task<AccessKeyInfo?> FindAsync(string accessKeyId, CancellationToken cancellationToken);
}
