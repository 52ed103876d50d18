namespace GarageOrleans.S3.Routing;

/// <summary>What a key needs on the bucket for an operation (checked once, centrally, before dispatch).</summary>
public enum S3AuthorizationKind
{
    /// <summary>A valid key, no bucket permission (ListBuckets; CreateBucket, which checks its own rules).</summary>
    KeyOnly,

    Read,

    Write,

    /// <summary>DeleteBucket, website, CORS, policy: bucket administration.</summary>
    Owner,
}
