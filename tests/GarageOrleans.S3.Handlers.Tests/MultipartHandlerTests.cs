using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Handlers.Tests.Fakes;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class MultipartHandlerTests
{
    private static readonly XNamespace S3 = ResponseXml.Namespace;
    private const int BlockSize = 4096;
    private readonly FakeDataClient _data = new(BlockSize);
    private readonly FakeGrainFactory _grains = new();
    private readonly FakeMultipartUploadGrain _upload = new();
    private readonly string _uploadId = VersionId.New().ToHex();

    public MultipartHandlerTests() => _grains.Add<IMultipartUploadGrain>(_uploadId, _upload);

    private MultipartHandlers Handlers() => new(new BodyToBlocks(_data), new ObjectDataReader(_data), _data);

    private async Task StartUploadAsync(string key = "mp") =>
        await _upload.CreateAsync(TestRequests.BucketId, key, new ObjectMeta(0, "", []));

    [Fact]
    public async Task Create_AnswersA64HexUploadId()
    {
        _grains.AddForAnyKey<IMultipartUploadGrain>(_upload);
        var ctx = TestRequests.Context(S3Operation.CreateMultipartUpload, _grains, "mp", query: "?uploads",
            headers: new() { ["Content-Type"] = "text/plain" });

        await Handlers().HandleAsync(ctx);

        var x = XElement.Parse(TestRequests.ResponseText(ctx));
        var id = x.Element(S3 + "UploadId")!.Value;
        Assert.True(VersionId.TryParseHex(id, out _));
        Assert.Equal("mp", x.Element(S3 + "Key")!.Value);
        Assert.Equal("text/plain", _upload.Info!.PendingMeta.Header("content-type"));
    }

    [Fact]
    public async Task UploadPart_StoresBlocksAndRecordsPartWithMd5()
    {
        await StartUploadAsync();
        var body = TestRequests.RandomBytes((2 * BlockSize) + 3, 20);
        var ctx = TestRequests.Context(S3Operation.UploadPart, _grains, "mp", body, query: $"?partNumber=3&uploadId={_uploadId}");

        await Handlers().HandleAsync(ctx);

        var part = Assert.Single(_upload.Parts);
        var md5 = Convert.ToHexStringLower(MD5.HashData(body));
        Assert.Equal((3, (long)body.Length, md5), (part.PartNumber, part.Size, part.ETag));
        Assert.Equal(body, _data.Content(part.DataVersion));
        Assert.Equal("\"" + md5 + "\"", ctx.Http.Response.Headers.ETag.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("x")]
    public async Task UploadPart_PartNumberOutOfRange_IsInvalidArgument(string n)
    {
        await StartUploadAsync();
        var ctx = TestRequests.Context(S3Operation.UploadPart, _grains, "mp", [1], query: $"?partNumber={n}&uploadId={_uploadId}");

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(S3ErrorCode.InvalidArgument, e.Code);
    }

    [Theory]
    [InlineData("other-key", true)]
    [InlineData("mp", false)]
    public async Task UploadPart_UploadOfAnotherKeyOrUnknown_IsNoSuchUpload(string key, bool known)
    {
        if (known)
        {
            await StartUploadAsync();
        }

        var ctx = TestRequests.Context(S3Operation.UploadPart, _grains, key, [1], query: $"?partNumber=1&uploadId={_uploadId}");

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(S3ErrorCode.NoSuchUpload, e.Code);
        Assert.Empty(_upload.Parts);
    }

    [Fact]
    public async Task Complete_PassesUnquotedPartsAndAnswersResult()
    {
        await StartUploadAsync("dir/a b");
        var version = new ObjectVersionInfo(VersionId.New(), 5, new ObjectMeta(10, "065947336a2f2a95ba8899f3675c3be6-2", []), null, []);
        _upload.NextComplete = new CompleteMultipartResult(CompleteMultipartOutcome.Completed, version);
        var xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"5d41402abc4b2a76b9719d911017c592\"</ETag></Part>" +
            "<Part><PartNumber>2</PartNumber><ETag>7d793037a0760186574b0282f2f435e7</ETag></Part></CompleteMultipartUpload>";
        var ctx = TestRequests.Context(S3Operation.CompleteMultipartUpload, _grains, "dir/a b", Encoding.UTF8.GetBytes(xml), query: $"?uploadId={_uploadId}");

        await Handlers().HandleAsync(ctx);

        Assert.Equal([new(1, "5d41402abc4b2a76b9719d911017c592"), new(2, "7d793037a0760186574b0282f2f435e7")], _upload.CompletedWith);
        var x = XElement.Parse(TestRequests.ResponseText(ctx));
        Assert.Equal("\"065947336a2f2a95ba8899f3675c3be6-2\"", x.Element(S3 + "ETag")!.Value);
        Assert.Equal("http://localhost:3900/bkt/dir/a%20b", x.Element(S3 + "Location")!.Value);
    }

    [Fact]
    public async Task Complete_RetriedAfterSuccess_AnswersTheSameResult()
    {
        // The upload is gone (completed); the key's current version is the upload itself.
        _grains.Object(ObjectGrainKey.Of(TestRequests.BucketId, "mp")).Current = new ObjectVersionInfo(
            VersionId.ParseHex(_uploadId), 5, new ObjectMeta(10, "065947336a2f2a95ba8899f3675c3be6-2", []), null, []);
        var xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>5d41402abc4b2a76b9719d911017c592</ETag></Part>" +
            "<Part><PartNumber>2</PartNumber><ETag>7d793037a0760186574b0282f2f435e7</ETag></Part></CompleteMultipartUpload>";
        var ctx = TestRequests.Context(S3Operation.CompleteMultipartUpload, _grains, "mp", Encoding.UTF8.GetBytes(xml), query: $"?uploadId={_uploadId}");

        await Handlers().HandleAsync(ctx);

        Assert.Null(_upload.CompletedWith);
        Assert.Equal("\"065947336a2f2a95ba8899f3675c3be6-2\"", XElement.Parse(TestRequests.ResponseText(ctx)).Element(S3 + "ETag")!.Value);
    }

    [Fact]
    public async Task Complete_UnknownUploadWithOtherParts_IsNoSuchUpload()
    {
        _grains.Object(ObjectGrainKey.Of(TestRequests.BucketId, "mp")).Current = new ObjectVersionInfo(
            VersionId.ParseHex(_uploadId), 5, new ObjectMeta(10, "065947336a2f2a95ba8899f3675c3be6-2", []), null, []);
        var xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>5d41402abc4b2a76b9719d911017c592</ETag></Part></CompleteMultipartUpload>";
        var ctx = TestRequests.Context(S3Operation.CompleteMultipartUpload, _grains, "mp", Encoding.UTF8.GetBytes(xml), query: $"?uploadId={_uploadId}");

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(S3ErrorCode.NoSuchUpload, e.Code);
    }

    [Theory]
    [InlineData(CompleteMultipartOutcome.InvalidPart, S3ErrorCode.InvalidPart)]
    [InlineData(CompleteMultipartOutcome.InvalidPartOrder, S3ErrorCode.InvalidPartOrder)]
    [InlineData(CompleteMultipartOutcome.EntityTooSmall, S3ErrorCode.EntityTooSmall)]
    [InlineData(CompleteMultipartOutcome.NoSuchUpload, S3ErrorCode.NoSuchUpload)]
    [InlineData(CompleteMultipartOutcome.PreconditionFailed, S3ErrorCode.PreconditionFailed)]
    public async Task Complete_MapsOutcomes(CompleteMultipartOutcome outcome, S3ErrorCode expected)
    {
        await StartUploadAsync();
        _upload.NextComplete = new CompleteMultipartResult(outcome, null, 1);
        var xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>";
        var ctx = TestRequests.Context(S3Operation.CompleteMultipartUpload, _grains, "mp", Encoding.UTF8.GetBytes(xml), query: $"?uploadId={_uploadId}");

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(expected, e.Code);
    }

    [Fact]
    public async Task ListParts_PagesWithMarker()
    {
        await StartUploadAsync();
        foreach (var n in new[] { 1, 2, 3 })
        {
            await _upload.CompletePartAsync(n, VersionId.New(), 10 * n, "e" + n);
        }

        var ctx = TestRequests.Context(S3Operation.ListParts, _grains, "mp", query: $"?uploadId={_uploadId}&part-number-marker=1&max-parts=1");
        await Handlers().HandleAsync(ctx);

        var x = XElement.Parse(TestRequests.ResponseText(ctx));
        var part = Assert.Single(x.Elements(S3 + "Part"));
        Assert.Equal("2", part.Element(S3 + "PartNumber")!.Value);
        Assert.Equal("\"e2\"", part.Element(S3 + "ETag")!.Value);
        Assert.Equal("true", x.Element(S3 + "IsTruncated")!.Value);
        Assert.Equal("2", x.Element(S3 + "NextPartNumberMarker")!.Value);
    }

    [Fact]
    public async Task Abort_Is204_AndUnknownIsNoSuchUpload()
    {
        await StartUploadAsync();
        var ctx = TestRequests.Context(S3Operation.AbortMultipartUpload, _grains, "mp", query: $"?uploadId={_uploadId}");
        await Handlers().HandleAsync(ctx);
        Assert.Equal(204, ctx.Http.Response.StatusCode);
        Assert.True(_upload.AbortedUpload);

        var bad = TestRequests.Context(S3Operation.AbortMultipartUpload, _grains, "mp", query: "?uploadId=nothex");
        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(bad));
        Assert.Equal(S3ErrorCode.NoSuchUpload, e.Code);
    }

    [Fact]
    public async Task UploadPartCopy_Range_CopiesThoseBytes()
    {
        await StartUploadAsync();
        var srcVersion = VersionId.New();
        var content = _data.AddVersion(srcVersion, BlockSize, BlockSize, 500);
        _grains.Object(ObjectGrainKey.Of(TestRequests.BucketId, "src")).Current =
            new ObjectVersionInfo(srcVersion, 1, new ObjectMeta(content.Length, "abc", []), null, [new ObjectPart(1, srcVersion, content.Length, "abc")]);
        _grains.Add<IBucketGrain>("bkt", new FakeBucketGrain(TestRequests.Bucket()));
        var ctx = TestRequests.Context(S3Operation.UploadPartCopy, _grains, "mp", query: $"?partNumber=1&uploadId={_uploadId}",
            headers: new() { ["x-amz-copy-source"] = "bkt/src", ["x-amz-copy-source-range"] = "bytes=100-5099" });

        await Handlers().HandleAsync(ctx);

        var part = Assert.Single(_upload.Parts);
        var expected = content.AsSpan(100, 5000).ToArray();
        Assert.Equal(expected, _data.Content(part.DataVersion));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(expected)), part.ETag);
        Assert.Contains("<CopyPartResult", TestRequests.ResponseText(ctx));
        Assert.Equal(0, _data.OutstandingBlockOwners);
    }
}
