namespace GarageOrleans.S3.Pipeline;

/// <summary>Options of the S3 API, bound by Hosting from the <c>S3</c> configuration section.</summary>
public sealed record S3ApiOptions
{
    public const string SectionName = "S3";

    /// <summary>Region clients sign for (<c>S3:Region</c>); requests signed for <c>us-east-1</c> are accepted too.</summary>
    public string Region { get; set; } = "garage";

    /// <summary>
    /// Suffix of virtual-hosted-style hosts (<c>S3:RootDomain</c>, e.g. <c>.s3.garage.localhost</c>): Host
    /// <c>bkt.s3.garage.localhost[:port]</c> addresses bucket <c>bkt</c>. Null: path-style only.
    /// </summary>
    public string? RootDomain { get; set; }
}
