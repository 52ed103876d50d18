using System.Collections.Concurrent;
using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Tests;

/// <summary>A test handler storing objects in memory: enough to see what the pipeline hands to handlers.</summary>
public sealed class MemoryObjectHandler : IS3OperationHandler
{
    /// <summary>Deleting this key plays a handler bug: an unmapped exception, so a 500.</summary>
    public const string BugKey = "handler-bug";

    public ConcurrentDictionary<string, StoredObject> Store { get; } = new();

    public IReadOnlyCollection<S3Operation> Operations { get; } =
        [S3Operation.PutObject, S3Operation.GetObject, S3Operation.HeadObject, S3Operation.DeleteObject];

    public async Task HandleAsync(S3RequestContext context)
    {
        var id = context.BucketName + "/" + context.Key;
        switch (context.Operation)
        {
            case S3Operation.PutObject:
                using (var data = new MemoryStream())
                {
                    await context.Body.CopyToAsync(data, context.Aborted);
                    var md5 = context.GetPayloadDigest().Md5;
                    var contentSha256 = context.Http.Request.Headers["x-amz-content-sha256"].ToString();
                    Store[id] = new StoredObject(data.ToArray(), md5, new Dictionary<string, string>(context.Checksums), contentSha256, context.ContentLength);
                    context.Http.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(md5) + "\"";
                }

                break;
            case S3Operation.GetObject or S3Operation.HeadObject:
                if (!Store.TryGetValue(id, out var stored))
                {
                    throw new S3Exception(S3ErrorCode.NoSuchKey, resource: "/" + id) { Details = { ["Key"] = context.Key! } };
                }

                context.Http.Response.ContentLength = stored.Data.Length;
                context.Http.Response.ContentType = "application/octet-stream";
                context.Http.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(stored.Md5) + "\"";
                if (context.Operation == S3Operation.GetObject)
                {
                    await context.Http.Response.Body.WriteAsync(stored.Data, context.Aborted);
                }

                break;
            case S3Operation.DeleteObject when context.Key != BugKey:
                Store.TryRemove(id, out _);
                context.Http.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                throw new InvalidOperationException("secret internal detail");
        }
    }

    public sealed record StoredObject(byte[] Data, byte[] Md5, Dictionary<string, string> Checksums, string ContentSha256, long? ContentLength);
}
