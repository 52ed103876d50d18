using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;
using Microsoft.Extensions.Options;
using static GarageOrleans.S3.Routing.S3Operation;

namespace GarageOrleans.S3.Tests;

public sealed class S3RouterTests
{
    private static readonly S3Router PathStyle = new(Options.Create(new S3ApiOptions()));
    private static readonly S3Router VirtualHost = new(Options.Create(new S3ApiOptions { RootDomain = ".s3.garage.localhost" }));

    private static S3Route Route(S3Router router, string method, string target, string? header = null, string host = "localhost")
    {
        var headers = new HeaderDictionary();
        if (header is not null)
        {
            var colon = header.IndexOf(':');
            headers[header[..colon]] = header[(colon + 1)..];
        }

        var (path, query) = S3Uri.SplitTarget(target);
        return router.Route(method, path, S3Query.Parse(query), host, headers);
    }

    // Requests as they appear in the AWS S3 API reference, path-style.
    [Theory]
    [InlineData("GET", "/", null, ListBuckets, null, null)]
    [InlineData("PUT", "/my-bucket", null, CreateBucket, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket/", null, CreateBucket, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket", null, DeleteBucket, "my-bucket", null)]
    [InlineData("HEAD", "/my-bucket", null, HeadBucket, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?location", null, GetBucketLocation, "my-bucket", null)]
    [InlineData("GET", "/my-bucket", null, ListObjects, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?prefix=photos/2006/&delimiter=/", null, ListObjects, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?list-type=2&prefix=E&start-after=ExampleGuide.pdf", null, ListObjectsV2, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?versions", null, ListObjectVersions, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?uploads&max-uploads=3", null, ListMultipartUploads, "my-bucket", null)]
    [InlineData("POST", "/my-bucket?delete", null, DeleteObjects, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?versioning", null, GetBucketVersioning, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?versioning", null, PutBucketVersioning, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?acl", null, GetBucketAcl, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?acl", null, PutBucketAcl, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?policy", null, GetBucketPolicy, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?policy", null, PutBucketPolicy, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?policy", null, DeleteBucketPolicy, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?policyStatus", null, GetBucketPolicyStatus, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?cors", null, GetBucketCors, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?cors", null, PutBucketCors, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?cors", null, DeleteBucketCors, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?website", null, GetBucketWebsite, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?website", null, PutBucketWebsite, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?website", null, DeleteBucketWebsite, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?lifecycle", null, GetBucketLifecycleConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?lifecycle", null, PutBucketLifecycleConfiguration, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?lifecycle", null, DeleteBucketLifecycle, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?tagging", null, GetBucketTagging, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?tagging", null, PutBucketTagging, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?tagging", null, DeleteBucketTagging, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?encryption", null, GetBucketEncryption, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?encryption", null, PutBucketEncryption, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?encryption", null, DeleteBucketEncryption, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?replication", null, GetBucketReplication, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?replication", null, PutBucketReplication, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?replication", null, DeleteBucketReplication, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?notification", null, GetBucketNotificationConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?notification", null, PutBucketNotificationConfiguration, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?logging", null, GetBucketLogging, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?logging", null, PutBucketLogging, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?object-lock", null, GetObjectLockConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?object-lock", null, PutObjectLockConfiguration, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?ownershipControls", null, GetBucketOwnershipControls, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?ownershipControls", null, PutBucketOwnershipControls, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?ownershipControls", null, DeleteBucketOwnershipControls, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?publicAccessBlock", null, GetPublicAccessBlock, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?publicAccessBlock", null, PutPublicAccessBlock, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?publicAccessBlock", null, DeletePublicAccessBlock, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?accelerate", null, GetBucketAccelerateConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?accelerate", null, PutBucketAccelerateConfiguration, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?requestPayment", null, GetBucketRequestPayment, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?requestPayment", null, PutBucketRequestPayment, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?analytics&id=report1", null, GetBucketAnalyticsConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?analytics&id=report1", null, PutBucketAnalyticsConfiguration, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?analytics&id=report1", null, DeleteBucketAnalyticsConfiguration, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?analytics", null, ListBucketAnalyticsConfigurations, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?inventory&id=report1", null, GetBucketInventoryConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?inventory&id=report1", null, PutBucketInventoryConfiguration, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?inventory&id=report1", null, DeleteBucketInventoryConfiguration, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?inventory", null, ListBucketInventoryConfigurations, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?metrics&id=EntireBucket", null, GetBucketMetricsConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?metrics&id=EntireBucket", null, PutBucketMetricsConfiguration, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?metrics&id=EntireBucket", null, DeleteBucketMetricsConfiguration, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?metrics", null, ListBucketMetricsConfigurations, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?intelligent-tiering&id=t1", null, GetBucketIntelligentTieringConfiguration, "my-bucket", null)]
    [InlineData("PUT", "/my-bucket?intelligent-tiering&id=t1", null, PutBucketIntelligentTieringConfiguration, "my-bucket", null)]
    [InlineData("DELETE", "/my-bucket?intelligent-tiering&id=t1", null, DeleteBucketIntelligentTieringConfiguration, "my-bucket", null)]
    [InlineData("GET", "/my-bucket?intelligent-tiering", null, ListBucketIntelligentTieringConfigurations, "my-bucket", null)]
    [InlineData("POST", "/my-bucket", "Content-Type:multipart/form-data; boundary=9431149156168", PostObject, "my-bucket", null)]
    [InlineData("GET", "/my-bucket/my-image.jpg", null, GetObject, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?versionId=3HL4kqCxf3vjVBH40Nrjfkd", null, GetObject, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?response-content-type=image/png", null, GetObject, "my-bucket", "my-image.jpg")]
    [InlineData("HEAD", "/my-bucket/my-image.jpg", null, HeadObject, "my-bucket", "my-image.jpg")]
    [InlineData("PUT", "/my-bucket/my-image.jpg", null, PutObject, "my-bucket", "my-image.jpg")]
    [InlineData("PUT", "/my-bucket/my-image.jpg", "x-amz-copy-source:/bucket/source.jpg", CopyObject, "my-bucket", "my-image.jpg")]
    [InlineData("DELETE", "/my-bucket/my-image.jpg", null, DeleteObject, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?acl", null, GetObjectAcl, "my-bucket", "my-image.jpg")]
    [InlineData("PUT", "/my-bucket/my-image.jpg?acl", null, PutObjectAcl, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?tagging", null, GetObjectTagging, "my-bucket", "my-image.jpg")]
    [InlineData("PUT", "/my-bucket/my-image.jpg?tagging", null, PutObjectTagging, "my-bucket", "my-image.jpg")]
    [InlineData("DELETE", "/my-bucket/my-image.jpg?tagging", null, DeleteObjectTagging, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?retention", null, GetObjectRetention, "my-bucket", "my-image.jpg")]
    [InlineData("PUT", "/my-bucket/my-image.jpg?retention", null, PutObjectRetention, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?legal-hold", null, GetObjectLegalHold, "my-bucket", "my-image.jpg")]
    [InlineData("PUT", "/my-bucket/my-image.jpg?legal-hold", null, PutObjectLegalHold, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?attributes", null, GetObjectAttributes, "my-bucket", "my-image.jpg")]
    [InlineData("GET", "/my-bucket/my-image.jpg?torrent", null, GetObjectTorrent, "my-bucket", "my-image.jpg")]
    [InlineData("POST", "/my-bucket/archive.tar?restore&versionId=1", null, RestoreObject, "my-bucket", "archive.tar")]
    [InlineData("POST", "/my-bucket/data.csv?select&select-type=2", null, SelectObjectContent, "my-bucket", "data.csv")]
    [InlineData("POST", "/my-bucket/large.bin?uploads", null, CreateMultipartUpload, "my-bucket", "large.bin")]
    [InlineData("PUT", "/my-bucket/large.bin?partNumber=1&uploadId=VXBsb2FkIElE", null, UploadPart, "my-bucket", "large.bin")]
    [InlineData("PUT", "/my-bucket/large.bin?partNumber=2&uploadId=VXBsb2FkIElE", "x-amz-copy-source:/src/obj", UploadPartCopy, "my-bucket", "large.bin")]
    [InlineData("POST", "/my-bucket/large.bin?uploadId=VXBsb2FkIElE", null, CompleteMultipartUpload, "my-bucket", "large.bin")]
    [InlineData("DELETE", "/my-bucket/large.bin?uploadId=VXBsb2FkIElE", null, AbortMultipartUpload, "my-bucket", "large.bin")]
    [InlineData("GET", "/my-bucket/large.bin?uploadId=VXBsb2FkIElE&max-parts=2", null, ListParts, "my-bucket", "large.bin")]
    [InlineData("PUT", "/my-bucket/k?x-id=PutObject", null, PutObject, "my-bucket", "k")]
    public void Route_AwsDocumentationExample_GivesOperationBucketAndKey(string method, string target, string? header, S3Operation operation, string? bucket, string? key)
    {
        var route = Route(PathStyle, method, target, header);

        Assert.Equal(operation, route.Operation);
        Assert.Equal(bucket, route.Bucket);
        Assert.Equal(key, route.Key);
        Assert.Equal(S3Router.AuthorizationOf(operation), route.Authorization);
    }

    [Theory]
    [InlineData("/b/a//b", "a//b")]
    [InlineData("/b/dir/", "dir/")]
    [InlineData("/b/a%2Fb", "a/b")]
    [InlineData("/b/a+b", "a+b")]
    [InlineData("/b/a%2Bb", "a+b")]
    [InlineData("/b/a%20b", "a b")]
    [InlineData("/b/%E2%82%AC", "€")]
    [InlineData("/b/../x", "../x")]
    [InlineData("/b/./x", "./x")]
    [InlineData("/b//", "/")]
    public void Route_KeyFromRawPath_SurvivesVerbatim(string target, string key)
    {
        var route = Route(PathStyle, "GET", target);

        Assert.Equal(GetObject, route.Operation);
        Assert.Equal("b", route.Bucket);
        Assert.Equal(key, route.Key);
    }

    [Theory]
    [InlineData("bkt.s3.garage.localhost", "/photo.jpg", "bkt", "photo.jpg", GetObject)]
    [InlineData("bkt.s3.garage.localhost", "/", "bkt", null, ListObjects)]
    [InlineData("BKT.S3.Garage.Localhost", "/a/b", "bkt", "a/b", GetObject)]
    [InlineData("my.dotted.bucket.s3.garage.localhost", "/k", "my.dotted.bucket", "k", GetObject)]
    [InlineData("s3.garage.localhost", "/bkt/k", "bkt", "k", GetObject)]
    [InlineData("127.0.0.1", "/bkt/k", "bkt", "k", GetObject)]
    public void Route_VirtualHostedStyle_TakesBucketFromHost(string host, string target, string bucket, string? key, S3Operation operation)
    {
        var route = Route(VirtualHost, "GET", target, host: host);

        Assert.Equal(operation, route.Operation);
        Assert.Equal(bucket, route.Bucket);
        Assert.Equal(key, route.Key);
    }

    [Fact]
    public void Route_WithoutRootDomain_IgnoresHost()
    {
        var route = Route(PathStyle, "GET", "/photo.jpg", host: "bkt.s3.garage.localhost");

        Assert.Equal(ListObjects, route.Operation);
        Assert.Equal("photo.jpg", route.Bucket);
    }

    [Theory]
    [InlineData("PATCH", "/b/k", S3ErrorCode.MethodNotAllowed)]
    [InlineData("PUT", "/", S3ErrorCode.MethodNotAllowed)]
    [InlineData("POST", "/b", S3ErrorCode.InvalidRequest)]
    [InlineData("POST", "/b/k", S3ErrorCode.InvalidRequest)]
    [InlineData("PUT", "/b/k?partNumber=1", S3ErrorCode.InvalidRequest)]
    [InlineData("GET", "/b?list-type=3", S3ErrorCode.InvalidArgument)]
    [InlineData("PUT", "/b?metrics", S3ErrorCode.InvalidArgument)]
    [InlineData("GET", "/b/%ZZ", S3ErrorCode.InvalidURI)]
    [InlineData("GET", "/b/%C3%28", S3ErrorCode.InvalidURI)]
    [InlineData("GET", "/b?prefix=%G1", S3ErrorCode.InvalidURI)]
    [InlineData("POST", "/b/k?select", S3ErrorCode.InvalidArgument)]
    public void Route_UnknownCombination_ThrowsS3Error(string method, string target, S3ErrorCode code)
    {
        var error = Assert.Throws<S3Exception>(() => Route(PathStyle, method, target));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void AuthorizationOf_FollowsGarageRules()
    {
        Assert.Equal(S3AuthorizationKind.KeyOnly, S3Router.AuthorizationOf(ListBuckets));
        Assert.Equal(S3AuthorizationKind.KeyOnly, S3Router.AuthorizationOf(CreateBucket));
        Assert.Equal(S3AuthorizationKind.Read, S3Router.AuthorizationOf(GetObject));
        Assert.Equal(S3AuthorizationKind.Read, S3Router.AuthorizationOf(ListObjectsV2));
        Assert.Equal(S3AuthorizationKind.Read, S3Router.AuthorizationOf(HeadBucket));
        Assert.Equal(S3AuthorizationKind.Owner, S3Router.AuthorizationOf(DeleteBucket));
        Assert.Equal(S3AuthorizationKind.Owner, S3Router.AuthorizationOf(GetBucketWebsite));
        Assert.Equal(S3AuthorizationKind.Owner, S3Router.AuthorizationOf(GetBucketCors));
        Assert.Equal(S3AuthorizationKind.Owner, S3Router.AuthorizationOf(PutBucketPolicy));
        Assert.Equal(S3AuthorizationKind.Write, S3Router.AuthorizationOf(PutObject));
        Assert.Equal(S3AuthorizationKind.Write, S3Router.AuthorizationOf(PutBucketLifecycleConfiguration));
        Assert.Equal(S3AuthorizationKind.Write, S3Router.AuthorizationOf(DeleteObjects));
    }

    [Fact]
    public void Route_TableCoversEveryOperation()
    {
        var routed = typeof(S3RouterTests).GetMethod(nameof(Route_AwsDocumentationExample_GivesOperationBucketAndKey))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(a => (S3Operation)a.GetData(null!).Single()[3])
            .ToHashSet();

        Assert.All(Enum.GetValues<S3Operation>(), o => Assert.Contains(o, routed));
    }
}
