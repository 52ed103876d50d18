using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using Microsoft.Extensions.Options;
using static GarageOrleans.S3.Routing.S3Operation;

namespace GarageOrleans.S3.Routing;

/// <summary>
/// Parses a request into an <see cref="S3Route"/> (Garage's <c>router.rs</c>). Works on the raw target so keys keep
/// <c>//</c>, <c>%2F</c>, a literal <c>+</c>, dot segments and trailing slashes. Path-style always; virtual-hosted
/// style when <see cref="S3ApiOptions.RootDomain"/> is set and the Host ends with it.
/// </summary>
public sealed partial class S3Router
{
    private readonly string? _rootDomainSuffix;

    public S3Router(IOptions<S3ApiOptions> options)
    {
        var root = options.Value.RootDomain?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(root))
        {
            _rootDomainSuffix = root[0] == '.' ? root : "." + root;
        }
    }

    /// <summary>
    /// Routes one request. <paramref name="rawPath"/> is the path of the raw request target, still percent-encoded;
    /// <paramref name="host"/> is the Host without its port. Throws <see cref="S3Exception"/> (MethodNotAllowed,
    /// InvalidRequest, InvalidArgument or InvalidURI) for requests that name no S3 operation.
    /// </summary>
    public S3Route Route(string method, string rawPath, S3Query query, string? host, IHeaderDictionary headers)
    {
        var (bucket, key) = SplitBucketAndKey(rawPath, host);
        S3Operation operation;
        if (bucket is null)
        {
            operation = HttpMethods.IsGet(method)
                ? ListBuckets
                : throw new S3Exception(S3ErrorCode.MethodNotAllowed, $"The method {method} is not allowed on the service.");
        }
        else if (key is null)
        {
            operation = BucketOperation(method, query, headers);
        }
        else
        {
            operation = ObjectOperation(method, query, headers);
        }

        return new S3Route(operation, bucket, key, AuthorizationOf(operation));
    }

    /// <summary>What a key needs on the bucket for <paramref name="operation"/> (Garage's <c>authorization_type</c>).</summary>
    public static S3AuthorizationKind AuthorizationOf(S3Operation operation) => operation switch
    {
        ListBuckets or CreateBucket => S3AuthorizationKind.KeyOnly,

        DeleteBucket
            or GetBucketWebsite or PutBucketWebsite or DeleteBucketWebsite
            or GetBucketCors or PutBucketCors or DeleteBucketCors
            or GetBucketPolicy or PutBucketPolicy or DeleteBucketPolicy or GetBucketPolicyStatus => S3AuthorizationKind.Owner,

        HeadBucket or GetBucketLocation or ListObjects or ListObjectsV2 or ListObjectVersions or ListMultipartUploads
            or GetBucketVersioning or GetBucketAcl or GetBucketLifecycleConfiguration or GetBucketTagging
            or GetBucketEncryption or GetBucketReplication or GetBucketNotificationConfiguration or GetBucketLogging
            or GetObjectLockConfiguration or GetBucketOwnershipControls or GetPublicAccessBlock
            or GetBucketAccelerateConfiguration or GetBucketRequestPayment
            or GetBucketAnalyticsConfiguration or ListBucketAnalyticsConfigurations
            or GetBucketInventoryConfiguration or ListBucketInventoryConfigurations
            or GetBucketMetricsConfiguration or ListBucketMetricsConfigurations
            or GetBucketIntelligentTieringConfiguration or ListBucketIntelligentTieringConfigurations
            or GetObject or HeadObject or GetObjectAcl or GetObjectTagging or GetObjectRetention or GetObjectLegalHold
            or GetObjectAttributes or GetObjectTorrent or SelectObjectContent or ListParts => S3AuthorizationKind.Read,

        _ => S3AuthorizationKind.Write,
    };

    private (string? Bucket, string? Key) SplitBucketAndKey(string rawPath, string? host)
    {
        if (_rootDomainSuffix is not null && host is not null
            && host.Length > _rootDomainSuffix.Length
            && host.EndsWith(_rootDomainSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var bucket = host[..^_rootDomainSuffix.Length].ToLowerInvariant();
            return (bucket, DecodeKey(rawPath.AsSpan(1)));
        }

        var rest = rawPath.AsSpan(1);
        if (rest.IsEmpty)
        {
            return (null, null);
        }

        var slash = rest.IndexOf('/');
        var rawBucket = slash < 0 ? rest : rest[..slash];
        if (!S3Uri.TryDecode(rawBucket, plusIsSpace: false, out var name))
        {
            throw InvalidUri();
        }

        if (name.Length == 0)
        {
            // "//key": an empty bucket segment cannot name a bucket.
            throw new S3Exception(S3ErrorCode.InvalidBucketName, "The specified bucket is not valid.");
        }

        return (name, slash < 0 ? null : DecodeKey(rest[(slash + 1)..]));
    }

    private static string? DecodeKey(ReadOnlySpan<char> rawKey)
    {
        if (rawKey.IsEmpty)
        {
            return null;
        }

        return S3Uri.TryDecode(rawKey, plusIsSpace: false, out var key) ? key : throw InvalidUri();
    }

    private static S3Exception InvalidUri() =>
        new(S3ErrorCode.InvalidURI, "Couldn't parse the specified URI.");
}
