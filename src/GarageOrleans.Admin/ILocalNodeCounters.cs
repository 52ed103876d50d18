namespace GarageOrleans.Admin;

/// <summary>
/// Counters of this process that the admin API reports alongside the cluster status. The host registers one in DI
/// (the admin layer does not see the S3 layer); without it the counters are left out of the answer.
/// </summary>
public interface ILocalNodeCounters
{
    /// <summary>S3 requests answered 500 InternalError since this node started.</summary>
    long S3InternalErrors { get; }
}
