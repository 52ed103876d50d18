using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Handlers.Tests.Fakes;

internal sealed class FakeListingGrain : IObjectListingGrain
{
    public ListObjectsQuery? LastQuery { get; private set; }

    public ListUploadsQuery? LastUploadsQuery { get; private set; }

    public ObjectListing Listing { get; set; } = new([], [], false, null);

    public UploadListing Uploads { get; set; } = new([], [], false, null, null);

    public Task<ObjectListing> ListAsync(ListObjectsQuery query)
    {
        LastQuery = query;
        return Task.FromResult(Listing);
    }

    public Task<UploadListing> ListUploadsAsync(ListUploadsQuery query)
    {
        LastUploadsQuery = query;
        return Task.FromResult(Uploads);
    }

    public Task<bool> IsEmptyAsync() => Task.FromResult(Listing.Objects.Count == 0);
}

internal sealed class FakeBucketGrain(BucketInfo? bucket) : IBucketGrain
{
    public BucketInfo? Bucket { get; set; } = bucket;

    public CreateBucketOutcome NextCreate { get; set; } = CreateBucketOutcome.Created;

    public string? CreatedBy { get; private set; }

    public Task<BucketInfo?> GetAsync() => Task.FromResult(Bucket);

    public Task<CreateBucketResult> CreateAsync(string? ownerAccessKeyId)
    {
        CreatedBy = ownerAccessKeyId;
        return Task.FromResult(new CreateBucketResult(NextCreate, Bucket ?? TestRequests.Bucket()));
    }

    public Task<DeleteBucketOutcome> DeleteAsync() => Task.FromResult(DeleteBucketOutcome.Deleted);

    public Task<BucketInfo?> SetPermissionAsync(string accessKeyId, BucketPermission flags, bool allow) => throw new NotSupportedException();
}

internal sealed class FakeBucketCatalog(params BucketInfo[] buckets) : IBucketCatalogGrain
{
    public Task<IReadOnlyList<BucketInfo>> ListAsync() => Task.FromResult<IReadOnlyList<BucketInfo>>(buckets);
}

internal sealed class FakeMultipartUploadGrain : IMultipartUploadGrain
{
    public MultipartUploadInfo? Info { get; set; }

    public List<PartInfo> Parts { get; } = [];

    public CompleteMultipartResult NextComplete { get; set; } = new(CompleteMultipartOutcome.NoSuchUpload, null);

    public IReadOnlyList<CompletedPartRequest>? CompletedWith { get; private set; }

    public bool AbortedUpload { get; private set; }

    public Task<MultipartUploadInfo> CreateAsync(BucketId bucket, string key, ObjectMeta pendingMeta)
    {
        Info = new MultipartUploadInfo(VersionId.New(), bucket, key, 1_700_000_000_000, pendingMeta, []);
        return Task.FromResult(Info);
    }

    public Task<MultipartUploadInfo?> GetAsync() => Task.FromResult(Info is null ? null : Info with { Parts = Parts.ToList() });

    public Task<VersionId?> BeginPartAsync(int partNumber) => Task.FromResult<VersionId?>(Info is null ? null : VersionId.New());

    public Task<PartInfo?> CompletePartAsync(int partNumber, VersionId dataVersion, long size, string etag)
    {
        if (Info is null)
        {
            return Task.FromResult<PartInfo?>(null);
        }

        var part = new PartInfo(partNumber, dataVersion, size, etag, 1_700_000_000_000 + (ulong)Parts.Count);
        Parts.Add(part);
        return Task.FromResult<PartInfo?>(part);
    }

    public Task<CompleteMultipartResult> CompleteAsync(IReadOnlyList<CompletedPartRequest> parts, WriteCondition condition)
    {
        CompletedWith = parts;
        return Task.FromResult(NextComplete);
    }

    public Task<bool> AbortAsync()
    {
        AbortedUpload = Info is not null;
        return Task.FromResult(AbortedUpload);
    }
}
