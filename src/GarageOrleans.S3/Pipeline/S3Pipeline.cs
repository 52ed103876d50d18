using GarageOrleans.Primitives;
using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Routing;
using Microsoft.AspNetCore.Http.Features;

namespace GarageOrleans.S3.Pipeline;

/// <summary>
/// One S3 request from the wire to its handler (Garage's <c>api_server.rs</c>): request id and log scope, routing,
/// SigV4, name checks, bucket lookup, the permission check for the route's kind (once, here), then dispatch. Every
/// failure is answered once, in <see cref="HandleErrorAsync"/>.
/// </summary>
internal sealed partial class S3Pipeline(
    S3Router router,
    SigV4Verifier verifier,
    IBucketResolver buckets,
    S3HandlerTable handlers,
    S3RequestIds requestIds,
    S3InternalErrors internalErrors,
    IGrainFactory grains,
    ILogger<S3Pipeline> logger)
{
    /// <summary>Longest object key, in UTF-8 bytes (AWS limit).</summary>
    public const int MaxKeyBytes = 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        var requestId = requestIds.Next();
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = requestId;

        // Objects are far larger than Kestrel's 30 MB default body limit; memory stays bounded by streaming.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        // A client that sent "Expect: 100-continue" with an empty body never gets "100 Continue" from Kestrel (it is
        // sent on the first body read, and there is nothing to read); botocore then misreads the next response on
        // the same connection and stalls for its read timeout (boto/botocore#3010). AWS answers 100 Continue even
        // then; closing the connection after the response gives the client a clean slate instead.
        if (http.Request.ContentLength == 0
            && http.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.Connection = "close";
        }

        var scope = new S3LogScope(requestId);
        using var logScope = logger.BeginScope(scope);
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
        var (rawPath, rawQuery) = S3Uri.SplitTarget(rawTarget);
        try
        {
            await RunAsync(http, requestId, rawPath, rawQuery, scope);
        }
        catch (Exception ex)
        {
            await HandleErrorAsync(http, ex, requestId, rawPath);
        }
    }

    private async Task RunAsync(HttpContext http, string requestId, string rawPath, string rawQuery, S3LogScope scope)
    {
        var request = http.Request;
        var query = S3Query.Parse(rawQuery);
        var route = router.Route(request.Method, rawPath, query, request.Host.Host, request.Headers);
        scope.Operation = route.Operation.ToString();
        scope.Bucket = route.Bucket;

        var handler = handlers.Find(route.Operation);
        if (handler is null && route.Operation == S3Operation.PostObject)
        {
            // Browser form uploads authenticate with a signed policy, not SigV4: without a handler, say so first.
            throw NotImplemented(route.Operation);
        }

        var bodyMayBeNonEmpty = http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength is not 0;
        var auth = await verifier.VerifyAsync(request.Method, rawPath, query, request.Headers, bodyMayBeNonEmpty, http.RequestAborted);

        if (route.Key is not null && Encoding.UTF8.GetByteCount(route.Key) > MaxKeyBytes)
        {
            throw new S3Exception(S3ErrorCode.KeyTooLongError) { Details = { ["MaxSizeAllowed"] = "1024" } };
        }

        BucketInfo? bucket = null;
        if (route.Operation == S3Operation.CreateBucket)
        {
            if (!BucketNames.IsValid(route.Bucket!))
            {
                throw new S3Exception(S3ErrorCode.InvalidBucketName) { Details = { ["BucketName"] = route.Bucket! } };
            }
        }
        else if (route.Bucket is not null)
        {
            bucket = await buckets.FindAsync(route.Bucket, http.RequestAborted)
                ?? throw new S3Exception(S3ErrorCode.NoSuchBucket) { Details = { ["BucketName"] = route.Bucket } };
            Authorize(route.Authorization, bucket.PermissionOf(auth.AccessKey.AccessKeyId));
        }

        if (handler is null)
        {
            throw NotImplemented(route.Operation);
        }

        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        var digest = new S3PayloadDigest();
        http.Features.Set(digest);
        await using var body = S3PayloadStream.Create(request.Body, request.Headers, request.ContentLength, auth, checksums, digest);
        var context = new S3RequestContext
        {
            Http = http,
            Operation = route.Operation,
            RequestId = requestId,
            BucketName = route.Bucket,
            Key = route.Key,
            Bucket = bucket,
            AccessKey = auth.AccessKey,
            Body = body,
            ContentLength = body.DeclaredLength,
            Checksums = checksums,
            Grains = grains,
        };
        await handler.HandleAsync(context);
    }

    private static void Authorize(S3AuthorizationKind kind, BucketPermission permission)
    {
        var allowed = kind switch
        {
            S3AuthorizationKind.KeyOnly => true,
            S3AuthorizationKind.Read => permission.Read,
            S3AuthorizationKind.Write => permission.Write,
            S3AuthorizationKind.Owner => permission.Owner,
            _ => false,
        };
        if (!allowed)
        {
            throw new S3Exception(S3ErrorCode.AccessDenied, $"This access key has no {kind} permission on the bucket.");
        }
    }

    private static S3Exception NotImplemented(S3Operation operation) =>
        new(S3ErrorCode.NotImplemented, $"The operation {operation} is not implemented.");
}
