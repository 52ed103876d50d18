using GarageOrleans.Abstractions;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Pipeline;

/// <summary>
/// One authenticated, authorised S3 request as handlers see it (Garage's ReqCtx). Built by the pipeline after
/// routing, SigV4 verification and the permission check for the operation's kind.
/// </summary>
public sealed class S3RequestContext
{
    public required HttpContext Http { get; init; }

    public required S3Operation Operation { get; init; }

    /// <summary>Id echoed in x-amz-request-id and in error bodies.</summary>
    public required string RequestId { get; init; }

    /// <summary>The bucket name from the path or the virtual host; null for service-level operations.</summary>
    public string? BucketName { get; init; }

    /// <summary>The decoded object key; null for bucket-level operations.</summary>
    public string? Key { get; init; }

    /// <summary>
    /// The resolved bucket when <see cref="BucketName"/> names a live bucket. The pipeline has already answered
    /// NoSuchBucket for operations that need one, except CreateBucket (which gets null here).
    /// </summary>
    public BucketInfo? Bucket { get; init; }

    public required AccessKeyInfo AccessKey { get; init; }

    /// <summary>
    /// The payload after aws-chunked decoding. Reading it to the end verifies what the client signed or declared
    /// (x-amz-content-sha256, chunk signatures, trailer checksums, Content-Length): a mismatch throws
    /// <see cref="Errors.S3Exception"/> (XAmzContentSHA256Mismatch, SignatureDoesNotMatch, BadDigest or IncompleteBody)
    /// from the read that reaches the end, so a handler must read the whole body before it commits anything.
    /// </summary>
    public required Stream Body { get; init; }

    /// <summary>Length of the decoded payload when the client declared it (x-amz-decoded-content-length or Content-Length).</summary>
    public long? ContentLength { get; init; }

    /// <summary>
    /// Checksums the client sent as x-amz-checksum-* headers or trailers, verified against the payload, by algorithm
    /// name in lower case (crc32, crc32c, sha1, sha256, crc64nvme) to base64 value. Complete once <see cref="Body"/>
    /// has been read to the end.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Checksums { get; init; }

    public required IGrainFactory Grains { get; init; }

    public CancellationToken Aborted => Http.RequestAborted;
}
