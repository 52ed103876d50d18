using GarageOrleans.S3.Errors;
using static GarageOrleans.S3.Routing.S3Operation;

namespace GarageOrleans.S3.Routing;

/// <summary>The method × subresource tables. The order of the checks decides which subresource wins when several are given.</summary>
public sealed partial class S3Router
{
    private const string CopySourceHeader = "x-amz-copy-source";

    private static S3Operation BucketOperation(string method, S3Query q, IHeaderDictionary headers)
    {
        if (HttpMethods.IsGet(method))
        {
            return BucketGet(q);
        }

        if (HttpMethods.IsHead(method))
        {
            return HeadBucket;
        }

        if (HttpMethods.IsPut(method))
        {
            return BucketPut(q);
        }

        if (HttpMethods.IsDelete(method))
        {
            return BucketDelete(q);
        }

        if (HttpMethods.IsPost(method))
        {
            if (q.Has("delete"))
            {
                return DeleteObjects;
            }

            var contentType = headers.ContentType.ToString();
            if (contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                return PostObject;
            }

            throw new S3Exception(S3ErrorCode.InvalidRequest, "This POST request on a bucket names no S3 operation.");
        }

        throw MethodNotAllowed(method);
    }

    private static S3Operation BucketGet(S3Query q)
    {
        if (q.Has("list-type"))
        {
            return q.Get("list-type") == "2"
                ? ListObjectsV2
                : throw new S3Exception(S3ErrorCode.InvalidArgument, "Invalid list type: only list-type=2 is known.");
        }

        return q switch
        {
            _ when q.Has("uploads") => ListMultipartUploads,
            _ when q.Has("versions") => ListObjectVersions,
            _ when q.Has("location") => GetBucketLocation,
            _ when q.Has("versioning") => GetBucketVersioning,
            _ when q.Has("acl") => GetBucketAcl,
            _ when q.Has("policyStatus") => GetBucketPolicyStatus,
            _ when q.Has("policy") => GetBucketPolicy,
            _ when q.Has("cors") => GetBucketCors,
            _ when q.Has("website") => GetBucketWebsite,
            _ when q.Has("lifecycle") => GetBucketLifecycleConfiguration,
            _ when q.Has("tagging") => GetBucketTagging,
            _ when q.Has("encryption") => GetBucketEncryption,
            _ when q.Has("replication") => GetBucketReplication,
            _ when q.Has("notification") => GetBucketNotificationConfiguration,
            _ when q.Has("logging") => GetBucketLogging,
            _ when q.Has("object-lock") => GetObjectLockConfiguration,
            _ when q.Has("ownershipControls") => GetBucketOwnershipControls,
            _ when q.Has("publicAccessBlock") => GetPublicAccessBlock,
            _ when q.Has("accelerate") => GetBucketAccelerateConfiguration,
            _ when q.Has("requestPayment") => GetBucketRequestPayment,
            _ when q.Has("analytics") => q.Has("id") ? GetBucketAnalyticsConfiguration : ListBucketAnalyticsConfigurations,
            _ when q.Has("inventory") => q.Has("id") ? GetBucketInventoryConfiguration : ListBucketInventoryConfigurations,
            _ when q.Has("metrics") => q.Has("id") ? GetBucketMetricsConfiguration : ListBucketMetricsConfigurations,
            _ when q.Has("intelligent-tiering") => q.Has("id") ? GetBucketIntelligentTieringConfiguration : ListBucketIntelligentTieringConfigurations,
            _ => ListObjects,
        };
    }

    private static S3Operation BucketPut(S3Query q) => q switch
    {
        _ when q.Has("versioning") => PutBucketVersioning,
        _ when q.Has("acl") => PutBucketAcl,
        _ when q.Has("policy") => PutBucketPolicy,
        _ when q.Has("cors") => PutBucketCors,
        _ when q.Has("website") => PutBucketWebsite,
        _ when q.Has("lifecycle") => PutBucketLifecycleConfiguration,
        _ when q.Has("tagging") => PutBucketTagging,
        _ when q.Has("encryption") => PutBucketEncryption,
        _ when q.Has("replication") => PutBucketReplication,
        _ when q.Has("notification") => PutBucketNotificationConfiguration,
        _ when q.Has("logging") => PutBucketLogging,
        _ when q.Has("object-lock") => PutObjectLockConfiguration,
        _ when q.Has("ownershipControls") => PutBucketOwnershipControls,
        _ when q.Has("publicAccessBlock") => PutPublicAccessBlock,
        _ when q.Has("accelerate") => PutBucketAccelerateConfiguration,
        _ when q.Has("requestPayment") => PutBucketRequestPayment,
        _ when q.Has("analytics") => RequireId(q, PutBucketAnalyticsConfiguration),
        _ when q.Has("inventory") => RequireId(q, PutBucketInventoryConfiguration),
        _ when q.Has("metrics") => RequireId(q, PutBucketMetricsConfiguration),
        _ when q.Has("intelligent-tiering") => RequireId(q, PutBucketIntelligentTieringConfiguration),
        _ => CreateBucket,
    };

    private static S3Operation BucketDelete(S3Query q) => q switch
    {
        _ when q.Has("policy") => DeleteBucketPolicy,
        _ when q.Has("cors") => DeleteBucketCors,
        _ when q.Has("website") => DeleteBucketWebsite,
        _ when q.Has("lifecycle") => DeleteBucketLifecycle,
        _ when q.Has("tagging") => DeleteBucketTagging,
        _ when q.Has("encryption") => DeleteBucketEncryption,
        _ when q.Has("replication") => DeleteBucketReplication,
        _ when q.Has("ownershipControls") => DeleteBucketOwnershipControls,
        _ when q.Has("publicAccessBlock") => DeletePublicAccessBlock,
        _ when q.Has("analytics") => RequireId(q, DeleteBucketAnalyticsConfiguration),
        _ when q.Has("inventory") => RequireId(q, DeleteBucketInventoryConfiguration),
        _ when q.Has("metrics") => RequireId(q, DeleteBucketMetricsConfiguration),
        _ when q.Has("intelligent-tiering") => RequireId(q, DeleteBucketIntelligentTieringConfiguration),
        _ => DeleteBucket,
    };

    private static S3Operation ObjectOperation(string method, S3Query q, IHeaderDictionary headers)
    {
        if (HttpMethods.IsGet(method))
        {
            return q switch
            {
                _ when q.Has("uploadId") => ListParts,
                _ when q.Has("acl") => GetObjectAcl,
                _ when q.Has("tagging") => GetObjectTagging,
                _ when q.Has("retention") => GetObjectRetention,
                _ when q.Has("legal-hold") => GetObjectLegalHold,
                _ when q.Has("attributes") => GetObjectAttributes,
                _ when q.Has("torrent") => GetObjectTorrent,
                _ => GetObject,
            };
        }

        if (HttpMethods.IsHead(method))
        {
            return HeadObject;
        }

        if (HttpMethods.IsPut(method))
        {
            return ObjectPut(q, headers);
        }

        if (HttpMethods.IsDelete(method))
        {
            return q switch
            {
                _ when q.Has("uploadId") => AbortMultipartUpload,
                _ when q.Has("tagging") => DeleteObjectTagging,
                _ => DeleteObject,
            };
        }

        if (HttpMethods.IsPost(method))
        {
            return q switch
            {
                _ when q.Has("uploads") => CreateMultipartUpload,
                _ when q.Has("uploadId") => CompleteMultipartUpload,
                _ when q.Has("restore") => RestoreObject,
                _ when q.Has("select") => q.Get("select-type") == "2"
                    ? SelectObjectContent
                    : throw new S3Exception(S3ErrorCode.InvalidArgument, "SelectObjectContent needs select-type=2."),
                _ => throw new S3Exception(S3ErrorCode.InvalidRequest, "This POST request on an object names no S3 operation."),
            };
        }

        throw MethodNotAllowed(method);
    }

    private static S3Operation ObjectPut(S3Query q, IHeaderDictionary headers)
    {
        var copy = headers.ContainsKey(CopySourceHeader);
        if (q.Has("partNumber") || q.Has("uploadId"))
        {
            if (!q.Has("partNumber") || !q.Has("uploadId"))
            {
                throw new S3Exception(S3ErrorCode.InvalidRequest, "UploadPart needs both partNumber and uploadId.");
            }

            return copy ? UploadPartCopy : UploadPart;
        }

        return q switch
        {
            _ when q.Has("acl") => PutObjectAcl,
            _ when q.Has("tagging") => PutObjectTagging,
            _ when q.Has("retention") => PutObjectRetention,
            _ when q.Has("legal-hold") => PutObjectLegalHold,
            _ => copy ? CopyObject : PutObject,
        };
    }

    private static S3Operation RequireId(S3Query q, S3Operation operation) =>
        q.Has("id")
            ? operation
            : throw new S3Exception(S3ErrorCode.InvalidArgument, $"{operation} needs the id query parameter.");

    private static S3Exception MethodNotAllowed(string method) =>
        new(S3ErrorCode.MethodNotAllowed, $"The specified method {method} is not allowed against this resource.");
}
