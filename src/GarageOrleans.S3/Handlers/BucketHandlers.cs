using GarageOrleans.Abstractions;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Handlers;

/// <summary>Service and bucket operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, location, versioning.</summary>
internal sealed class BucketHandlers(IConfiguration configuration) : IS3OperationHandler
{
    /// <summary>Region answered when <c>S3:Region</c> is not configured (DESIGN §8).</summary>
    public const string DefaultRegion = "garage";

    /// <summary>Most clients sign for and send us-east-1 by default; it is accepted as a synonym of the region.</summary>
    private const string AwsDefaultRegion = "us-east-1";

    public IReadOnlyCollection<S3Operation> Operations { get; } =
    [
        S3Operation.ListBuckets,
        S3Operation.CreateBucket,
        S3Operation.HeadBucket,
        S3Operation.DeleteBucket,
        S3Operation.GetBucketLocation,
        S3Operation.GetBucketVersioning,
    ];

    private string Region => configuration["S3:Region"] is { Length: > 0 } r ? r : DefaultRegion;

    public Task HandleAsync(S3RequestContext context) => context.Operation switch
    {
        S3Operation.ListBuckets => ListBucketsAsync(context),
        S3Operation.CreateBucket => CreateBucketAsync(context),
        S3Operation.HeadBucket => HeadBucketAsync(context),
        S3Operation.DeleteBucket => DeleteBucketAsync(context),
        S3Operation.GetBucketLocation => GetBucketLocationAsync(context),
        S3Operation.GetBucketVersioning => GetBucketVersioningAsync(context),
        _ => throw new S3Exception(S3ErrorCode.NotImplemented, context.Operation.ToString()),
    };

    private static async Task ListBucketsAsync(S3RequestContext context)
    {
        var all = await context.Grains.GetGrain<IBucketCatalogGrain>(0).ListAsync();
        var key = context.AccessKey;
        var prefix = RequestValues.Query(context, "prefix");
        var visible = all.Where(b => b.PermissionOf(key.AccessKeyId).Any)
            .Where(b => prefix is null || b.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        await ResponseXml.WriteAsync(context.Http.Response, "ListAllMyBucketsResult", w =>
        {
            w.Principal("Owner", key.AccessKeyId, key.Name);
            w.WriteStartElement("Buckets");
            foreach (var b in visible)
            {
                w.WriteStartElement("Bucket");
                w.Element("Name", b.Name);
                w.Element("CreationDate", ResponseXml.Timestamp(b.CreatedMs));
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.Element("Prefix", prefix);
        });
    }

    private async Task CreateBucketAsync(S3RequestContext context)
    {
        // The pipeline has checked the name against the naming rules.
        var name = context.BucketName ?? throw new S3Exception(S3ErrorCode.InvalidBucketName);
        var body = await RequestXml.ReadBodyAsync(context.Body, RequestXml.MaxBodyBytes, context.Aborted);
        var location = RequestXml.ParseCreateBucketConfiguration(body);
        if (location is not null && location != Region && location != AwsDefaultRegion)
        {
            throw new S3Exception(S3ErrorCode.InvalidLocationConstraint,
                $"The specified location-constraint is not valid: this server's region is {Region}.");
        }

        if (!context.AccessKey.AllowCreateBucket)
        {
            throw new S3Exception(S3ErrorCode.AccessDenied, "This access key is not allowed to create buckets.", name);
        }

        var result = await context.Grains.GetGrain<IBucketGrain>(name).CreateAsync(context.AccessKey.AccessKeyId);
        switch (result.Outcome)
        {
            case CreateBucketOutcome.Created:
                context.Http.Response.StatusCode = StatusCodes.Status200OK;
                context.Http.Response.Headers.Location = "/" + name;
                return;
            case CreateBucketOutcome.AlreadyOwnedByYou:
                throw BucketError(S3ErrorCode.BucketAlreadyOwnedByYou, name);
            default:
                throw BucketError(S3ErrorCode.BucketAlreadyExists, name);
        }
    }

    private Task HeadBucketAsync(S3RequestContext context)
    {
        RequestValues.Bucket(context);
        context.Http.Response.StatusCode = StatusCodes.Status200OK;
        context.Http.Response.Headers["x-amz-bucket-region"] = Region;
        return Task.CompletedTask;
    }

    private static async Task DeleteBucketAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var outcome = await context.Grains.GetGrain<IBucketGrain>(bucket.Name).DeleteAsync();
        switch (outcome)
        {
            case DeleteBucketOutcome.Deleted:
                context.Http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case DeleteBucketOutcome.NotEmpty:
                throw BucketError(S3ErrorCode.BucketNotEmpty, bucket.Name);
            default:
                throw BucketError(S3ErrorCode.NoSuchBucket, bucket.Name);
        }
    }

    private Task GetBucketLocationAsync(S3RequestContext context)
    {
        RequestValues.Bucket(context);
        var region = Region;
        return ResponseXml.WriteAsync(context.Http.Response, "LocationConstraint", w => w.WriteString(region));
    }

    private static Task GetBucketVersioningAsync(S3RequestContext context)
    {
        // Versioning is never enabled: AWS answers an empty configuration for a bucket that never had it.
        RequestValues.Bucket(context);
        return ResponseXml.WriteAsync(context.Http.Response, "VersioningConfiguration", _ => { });
    }

    private static S3Exception BucketError(S3ErrorCode code, string bucket)
    {
        var e = new S3Exception(code, resource: bucket);
        e.Details["BucketName"] = bucket;
        return e;
    }
}
