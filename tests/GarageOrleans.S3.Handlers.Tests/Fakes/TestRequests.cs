using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;
using Microsoft.AspNetCore.Http;

namespace GarageOrleans.S3.Handlers.Tests.Fakes;

/// <summary>Builds the S3RequestContext the pipeline would hand a handler.</summary>
internal static class TestRequests
{
    public static readonly AccessKeyInfo Key = new("GKtest0000000000000000000", "not-a-secret", "test-key", true, 0);

    public static readonly BucketId BucketId = new(new Hash32(1, 2, 3, 4));

    public static BucketInfo Bucket(string name = "bkt", BucketPermission? permission = null) =>
        new(BucketId, name, 1_600_000_000_000, new Dictionary<string, BucketPermission> { [Key.AccessKeyId] = permission ?? BucketPermission.All });

    public static S3RequestContext Context(
        S3Operation operation,
        FakeGrainFactory grains,
        string? key = null,
        byte[]? body = null,
        string query = "",
        Dictionary<string, string>? headers = null,
        BucketInfo? bucket = null,
        long? contentLength = -1,
        Stream? bodyStream = null)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(query);
        http.Request.Host = new HostString("localhost", 3900);
        http.Request.Scheme = "http";
        foreach (var (name, value) in headers ?? [])
        {
            http.Request.Headers[name] = value;
        }

        http.Response.Body = new MemoryStream();
        body ??= [];
        return new S3RequestContext
        {
            Http = http,
            Operation = operation,
            RequestId = "req-1",
            BucketName = (bucket ?? Bucket()).Name,
            Key = key,
            Bucket = bucket ?? Bucket(),
            AccessKey = Key,
            Body = bodyStream ?? new MemoryStream(body),
            ContentLength = contentLength == -1 ? body.Length : contentLength,
            Checksums = new Dictionary<string, string>(),
            Grains = grains,
        };
    }

    public static byte[] ResponseBytes(S3RequestContext context) => ((MemoryStream)context.Http.Response.Body).ToArray();

    public static string ResponseText(S3RequestContext context) => Encoding.UTF8.GetString(ResponseBytes(context));

    public static byte[] RandomBytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }
}
