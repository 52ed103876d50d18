namespace GarageOrleans.S3.Pipeline;

/// <summary>Options of the S3 API, bound by Hosting from the <c>S3</c> configuration section.</summary>
public sealed record S3ApiOptions
{
    public const string SectionName = "S3";

    /// <summary>AWS's clock window.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>Region clients sign for (<c>S3:Region</c>); requests signed for <c>us-east-1</c> are accepted too.</summary>
    public string Region { get; set; } = "garage";

    /// <summary>
    /// Suffix of virtual-hosted-style hosts (<c>S3:RootDomain</c>, e.g. <c>.s3.garage.localhost</c>): Host
    /// <c>bkt.s3.garage.localhost[:port]</c> addresses bucket <c>bkt</c>. Null: path-style only.
    /// </summary>
    public string? RootDomain { get; set; }

    /// <summary>
    /// Largest difference between a request's signed time (x-amz-date, or Date when that is absent) and ours, in
    /// either direction (<c>S3:ClockSkew</c>); beyond it the request is RequestTimeTooSkewed. AWS's 15 minutes by
    /// default. It is also how long a captured signed request can be replayed verbatim, so widen it only for clients
    /// whose clocks cannot be fixed. A presigned URL's X-Amz-Date may not be further in the future than this either.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = DefaultClockSkew;
}
