using System.Xml.Linq;
using GarageOrleans.Abstractions;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Handlers.Tests.Fakes;
using GarageOrleans.S3.Routing;
using Microsoft.Extensions.Configuration;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class ListingHandlerTests
{
    private static readonly XNamespace S3 = ResponseXml.Namespace;
    private readonly FakeGrainFactory _grains = new();
    private readonly FakeListingGrain _listing = new();

    public ListingHandlerTests() => _grains.Add<IObjectListingGrain>(TestRequests.BucketId.ToHex(), _listing);

    private async Task<XElement> ListAsync(S3Operation op, string query)
    {
        var ctx = TestRequests.Context(op, _grains, query: query);
        await new ListingHandlers().HandleAsync(ctx);
        return XElement.Parse(TestRequests.ResponseText(ctx));
    }

    [Fact]
    public async Task ListObjectsV2_UrlEncoding_EncodesKeysPrefixesAndDelimiter()
    {
        _listing.Listing = new ObjectListing([new ListedObject("a b+c", 1_700_000_000_000, "abc", 3)], ["d é/"], true, "d é/");

        var x = await ListAsync(S3Operation.ListObjectsV2, "?list-type=2&prefix=%20&delimiter=/&encoding-type=url&max-keys=2");

        Assert.Equal(new ListObjectsQuery(" ", "/", null, 2), _listing.LastQuery);
        Assert.Equal("a%20b%2Bc", x.Element(S3 + "Contents")!.Element(S3 + "Key")!.Value);
        Assert.Equal("\"abc\"", x.Element(S3 + "Contents")!.Element(S3 + "ETag")!.Value);
        Assert.Equal("2023-11-14T22:13:20.000Z", x.Element(S3 + "Contents")!.Element(S3 + "LastModified")!.Value);
        Assert.Equal("d%20%C3%A9/", x.Element(S3 + "CommonPrefixes")!.Element(S3 + "Prefix")!.Value);
        Assert.Equal("%20", x.Element(S3 + "Prefix")!.Value);
        Assert.Equal("2", x.Element(S3 + "KeyCount")!.Value);
        Assert.Equal("true", x.Element(S3 + "IsTruncated")!.Value);
        Assert.Equal("url", x.Element(S3 + "EncodingType")!.Value);
        Assert.Equal(ContinuationToken.Encode("d é/"), x.Element(S3 + "NextContinuationToken")!.Value);
        Assert.Null(x.Element(S3 + "Contents")!.Element(S3 + "Owner"));
    }

    [Fact]
    public async Task ListObjectsV2_ContinuationToken_WinsOverStartAfter()
    {
        var token = Uri.EscapeDataString(ContinuationToken.Encode("k/9"));

        var x = await ListAsync(S3Operation.ListObjectsV2, $"?list-type=2&start-after=a&continuation-token={token}&fetch-owner=true");

        Assert.Equal("k/9", _listing.LastQuery!.StartAfter);
        Assert.Equal(1000, _listing.LastQuery.MaxKeys);
        Assert.Equal("a", x.Element(S3 + "StartAfter")!.Value);
        Assert.Equal("false", x.Element(S3 + "IsTruncated")!.Value);
        Assert.Null(x.Element(S3 + "NextContinuationToken"));
    }

    [Theory]
    [InlineData("?list-type=2&max-keys=-1")]
    [InlineData("?list-type=2&max-keys=ten")]
    [InlineData("?list-type=2&continuation-token=%%%")]
    [InlineData("?list-type=2&encoding-type=base64")]
    public async Task ListObjectsV2_BadArgument_IsInvalidArgument(string query)
    {
        var e = await Assert.ThrowsAsync<S3Exception>(() => ListAsync(S3Operation.ListObjectsV2, query));
        Assert.Equal(S3ErrorCode.InvalidArgument, e.Code);
    }

    [Fact]
    public async Task ListObjectsV2_TruncatedWithoutGrainMarker_ContinuesAfterGreatestEntry()
    {
        _listing.Listing = new ObjectListing([new ListedObject("b", 1, "e", 1)], ["a/", "c/"], true, null);

        var x = await ListAsync(S3Operation.ListObjectsV2, "?list-type=2&delimiter=/");

        Assert.Equal(ContinuationToken.Encode("c/"), x.Element(S3 + "NextContinuationToken")!.Value);
    }

    [Fact]
    public async Task ListObjectsV2_KeyWithControlCharacter_StillLists()
    {
        _listing.Listing = new ObjectListing([new ListedObject("a\u0001b", 1, "e", 1)], [], false, null);

        var x = await ListAsync(S3Operation.ListObjectsV2, "?list-type=2&encoding-type=url");

        Assert.Equal("a%01b", x.Element(S3 + "Contents")!.Element(S3 + "Key")!.Value);
    }

    [Fact]
    public async Task ListObjectsV2_MaxKeysAbove1000_IsCapped()
    {
        await ListAsync(S3Operation.ListObjectsV2, "?list-type=2&max-keys=5000");
        Assert.Equal(1000, _listing.LastQuery!.MaxKeys);
    }

    [Fact]
    public async Task ListObjectsV1_NextMarkerOnlyWithDelimiter()
    {
        _listing.Listing = new ObjectListing([new ListedObject("a", 1, "e", 1)], [], true, "a");

        var without = await ListAsync(S3Operation.ListObjects, "?marker=0");
        var with = await ListAsync(S3Operation.ListObjects, "?delimiter=/");

        Assert.Equal("0", without.Element(S3 + "Marker")!.Value);
        Assert.Null(without.Element(S3 + "NextMarker"));
        Assert.Equal("a", with.Element(S3 + "NextMarker")!.Value);
        Assert.NotNull(with.Element(S3 + "Contents")!.Element(S3 + "Owner"));
    }

    [Fact]
    public async Task ListMultipartUploads_WritesUploadIdsAndMarkers()
    {
        var id = GarageOrleans.Primitives.VersionId.New();
        _listing.Uploads = new UploadListing([new ListedUpload("k", id, 1_700_000_000_000)], [], true, "k", id.ToHex());

        var x = await ListAsync(S3Operation.ListMultipartUploads, "?uploads&key-marker=a&upload-id-marker=b&max-uploads=1");

        Assert.Equal(new ListUploadsQuery("", null, "a", "b", 1), _listing.LastUploadsQuery);
        Assert.Equal(id.ToHex(), x.Element(S3 + "Upload")!.Element(S3 + "UploadId")!.Value);
        Assert.Equal(id.ToHex(), x.Element(S3 + "NextUploadIdMarker")!.Value);
        Assert.Equal("k", x.Element(S3 + "NextKeyMarker")!.Value);
    }
}

public sealed class BucketHandlerTests
{
    private static readonly XNamespace S3 = ResponseXml.Namespace;
    private readonly FakeGrainFactory _grains = new();

    private static BucketHandlers Handlers(string? region = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(region is null ? [] : [new("S3:Region", region)]).Build());

    [Fact]
    public async Task ListBuckets_ShowsOnlyBucketsTheKeyHasAPermissionOn()
    {
        var mine = TestRequests.Bucket("zeta");
        var alsoMine = TestRequests.Bucket("alpha", new BucketPermission(true, false, false));
        var notMine = new BucketInfo(TestRequests.BucketId, "other", 0, new Dictionary<string, BucketPermission>());
        _grains.Add<IBucketCatalogGrain>("0", new FakeBucketCatalog(mine, notMine, alsoMine));
        var ctx = TestRequests.Context(S3Operation.ListBuckets, _grains);

        await Handlers().HandleAsync(ctx);

        var x = XElement.Parse(TestRequests.ResponseText(ctx));
        Assert.Equal(["alpha", "zeta"], x.Descendants(S3 + "Name").Select(n => n.Value));
        Assert.Equal(TestRequests.Key.AccessKeyId, x.Element(S3 + "Owner")!.Element(S3 + "ID")!.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garage")]
    [InlineData("us-east-1")]
    public async Task CreateBucket_WithAcceptedLocation_Creates(string? location)
    {
        var grain = new FakeBucketGrain(null);
        _grains.Add<IBucketGrain>("new-bucket", grain);
        var body = location is null ? [] : System.Text.Encoding.UTF8.GetBytes($"<CreateBucketConfiguration><LocationConstraint>{location}</LocationConstraint></CreateBucketConfiguration>");
        var ctx = TestRequests.Context(S3Operation.CreateBucket, _grains, body: body, bucket: TestRequests.Bucket("new-bucket"));

        await Handlers().HandleAsync(ctx);

        Assert.Equal(TestRequests.Key.AccessKeyId, grain.CreatedBy);
        Assert.Equal("/new-bucket", ctx.Http.Response.Headers.Location.ToString());
    }

    [Theory]
    [InlineData(CreateBucketOutcome.AlreadyOwnedByYou, S3ErrorCode.BucketAlreadyOwnedByYou)]
    [InlineData(CreateBucketOutcome.AlreadyExists, S3ErrorCode.BucketAlreadyExists)]
    public async Task CreateBucket_ExistingName_MapsOutcome(CreateBucketOutcome outcome, S3ErrorCode expected)
    {
        _grains.Add<IBucketGrain>("taken", new FakeBucketGrain(null) { NextCreate = outcome });
        var ctx = TestRequests.Context(S3Operation.CreateBucket, _grains, bucket: TestRequests.Bucket("taken"));

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(expected, e.Code);
    }

    [Fact]
    public async Task CreateBucket_OtherRegion_IsInvalidLocationConstraint()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>");
        var ctx = TestRequests.Context(S3Operation.CreateBucket, _grains, body: body, bucket: TestRequests.Bucket("b-1"));

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(S3ErrorCode.InvalidLocationConstraint, e.Code);
    }

    [Fact]
    public async Task GetBucketLocation_AnswersConfiguredRegion()
    {
        var ctx = TestRequests.Context(S3Operation.GetBucketLocation, _grains);

        await Handlers("dc1").HandleAsync(ctx);

        var x = XElement.Parse(TestRequests.ResponseText(ctx));
        Assert.Equal(S3 + "LocationConstraint", x.Name);
        Assert.Equal("dc1", x.Value);
    }

    [Fact]
    public async Task HeadBucket_GivesRegionHeader_DefaultGarage()
    {
        var ctx = TestRequests.Context(S3Operation.HeadBucket, _grains);
        await Handlers().HandleAsync(ctx);
        Assert.Equal("garage", ctx.Http.Response.Headers["x-amz-bucket-region"].ToString());
    }
}
