using System.Security.Cryptography;
using System.Xml.Linq;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Handlers.Tests.Fakes;
using GarageOrleans.S3.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class ObjectHandlerTests
{
    private const int BlockSize = 4096;
    private static readonly XNamespace S3 = ResponseXml.Namespace;
    private readonly FakeDataClient _data = new(BlockSize);
    private readonly FakeGrainFactory _grains = new();

    private ObjectHandlers Handlers() =>
        new(new BodyToBlocks(_data), new ObjectDataReader(_data), _data, NullLogger<ObjectHandlers>.Instance);

    private FakeObjectGrain Obj(string key) => _grains.Object(ObjectGrainKey.Of(TestRequests.BucketId, key));

    private static string Md5Hex(byte[] b) => Convert.ToHexStringLower(MD5.HashData(b));

    private async Task<FakeObjectGrain> PutAsync(string key, byte[] body, Dictionary<string, string>? headers = null)
    {
        await Handlers().HandleAsync(TestRequests.Context(S3Operation.PutObject, _grains, key, body, headers: headers));
        return Obj(key);
    }

    [Fact]
    public async Task PutObject_BelowInlineThreshold_StoresInline()
    {
        var body = TestRequests.RandomBytes(S3Limits.InlineThresholdBytes - 1, 1);
        var ctx = TestRequests.Context(S3Operation.PutObject, _grains, "small", body);

        await Handlers().HandleAsync(ctx);

        var grain = Obj("small");
        Assert.Equal(1, grain.InlinePuts);
        Assert.Empty(grain.Begun);
        Assert.Equal(body, grain.Current!.InlineData);
        Assert.Equal("\"" + Md5Hex(body) + "\"", ctx.Http.Response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task PutObject_AtInlineThreshold_StreamsBlocksAndCompletesOnePart()
    {
        var body = TestRequests.RandomBytes((3 * BlockSize) + 5, 2);
        var ctx = TestRequests.Context(S3Operation.PutObject, _grains, "big", body,
            headers: new() { ["Content-Type"] = "text/plain", ["x-amz-meta-Owner"] = "Ann" });

        await Handlers().HandleAsync(ctx);

        var grain = Obj("big");
        var version = Assert.Single(grain.Begun);
        var (completedVersion, meta, parts) = Assert.Single(grain.Completed);
        Assert.Equal(version, completedVersion);
        Assert.Equal([new ObjectPart(1, version, body.Length, Md5Hex(body))], parts);
        Assert.Equal(Md5Hex(body), meta.ETag);
        Assert.Equal("Ann", meta.Header("x-amz-meta-owner"));
        Assert.Equal(body, _data.Content(version));
        Assert.Empty(grain.Aborted);
        Assert.Equal("\"" + Md5Hex(body) + "\"", ctx.Http.Response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task PutObject_WhenTheBodyFailsVerification_AbortsTheVersion()
    {
        var previous = await PutAsync("k", TestRequests.RandomBytes(10_000, 3));
        var before = previous.Current;
        var ctx = TestRequests.Context(S3Operation.PutObject, _grains, "k", contentLength: 20_000,
            bodyStream: new FailingAtEndStream(TestRequests.RandomBytes(20_000, 4)));

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));

        Assert.Equal(S3ErrorCode.XAmzContentSHA256Mismatch, e.Code);
        var grain = Obj("k");
        Assert.Equal(grain.Begun[^1], Assert.Single(grain.Aborted));
        Assert.Same(before, grain.Current);
    }

    [Fact]
    public async Task PutObject_IfNoneMatchStarOnExistingObject_Is412AndAborts()
    {
        await PutAsync("k", TestRequests.RandomBytes(10_000, 5));
        var ctx = TestRequests.Context(S3Operation.PutObject, _grains, "k", TestRequests.RandomBytes(10_000, 6),
            headers: new() { ["If-None-Match"] = "*" });

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));

        Assert.Equal(S3ErrorCode.PreconditionFailed, e.Code);
        Assert.Single(Obj("k").Aborted);
    }

    [Fact]
    public async Task PutObject_DeclaredOver5GiB_IsEntityTooLargeBeforeReading()
    {
        var ctx = TestRequests.Context(S3Operation.PutObject, _grains, "k", contentLength: S3Limits.MaxSinglePutBytes + 1,
            bodyStream: new FailingAtEndStream([]));

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));

        Assert.Equal(S3ErrorCode.EntityTooLarge, e.Code);
        Assert.Empty(Obj("k").Begun);
    }

    [Fact]
    public async Task PutObject_WithoutLengthOrChunking_IsMissingContentLength()
    {
        var ctx = TestRequests.Context(S3Operation.PutObject, _grains, "k", [1], contentLength: null);

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));

        Assert.Equal(S3ErrorCode.MissingContentLength, e.Code);
    }

    [Fact]
    public async Task GetObject_Whole_StreamsBodyWithHeaders()
    {
        var body = TestRequests.RandomBytes((2 * BlockSize) + 7, 7);
        await PutAsync("g", body, new() { ["Content-Type"] = "image/png", ["x-amz-meta-a"] = "b", ["Cache-Control"] = "no-cache" });
        var ctx = TestRequests.Context(S3Operation.GetObject, _grains, "g");

        await Handlers().HandleAsync(ctx);

        var h = ctx.Http.Response.Headers;
        Assert.Equal(200, ctx.Http.Response.StatusCode);
        Assert.Equal(body, TestRequests.ResponseBytes(ctx));
        Assert.Equal(body.Length, ctx.Http.Response.ContentLength);
        Assert.Equal("\"" + Md5Hex(body) + "\"", h.ETag.ToString());
        Assert.Equal("image/png", h.ContentType.ToString());
        Assert.Equal("b", h["x-amz-meta-a"].ToString());
        Assert.Equal("no-cache", h.CacheControl.ToString());
        Assert.Equal("bytes", h.AcceptRanges.ToString());
        Assert.True(ConditionalRequest.TryParseHttpDate(h.LastModified.ToString(), out _));
        Assert.Equal(0, _data.OutstandingBlockOwners);
    }

    [Fact]
    public async Task GetObject_Range_Is206WithContentRange()
    {
        var body = TestRequests.RandomBytes(3 * BlockSize, 8);
        await PutAsync("g", body);
        var ctx = TestRequests.Context(S3Operation.GetObject, _grains, "g", headers: new() { ["Range"] = "bytes=4000-4199" });

        await Handlers().HandleAsync(ctx);

        Assert.Equal(206, ctx.Http.Response.StatusCode);
        Assert.Equal($"bytes 4000-4199/{body.Length}", ctx.Http.Response.Headers.ContentRange.ToString());
        Assert.Equal(body.AsSpan(4000, 200).ToArray(), TestRequests.ResponseBytes(ctx));
        Assert.Equal(200, ctx.Http.Response.ContentLength);
    }

    [Fact]
    public async Task GetObject_UnsatisfiableRange_IsInvalidRangeWithSize()
    {
        await PutAsync("g", TestRequests.RandomBytes(100, 9));
        var ctx = TestRequests.Context(S3Operation.GetObject, _grains, "g", headers: new() { ["Range"] = "bytes=100-" });

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));

        Assert.Equal(S3ErrorCode.InvalidRange, e.Code);
        Assert.Equal("bytes */100", e.Headers["Content-Range"]);
    }

    [Fact]
    public async Task GetObject_IfNoneMatchCurrentETag_Is304WithoutBody()
    {
        var body = TestRequests.RandomBytes(100, 10);
        await PutAsync("g", body);
        var ctx = TestRequests.Context(S3Operation.GetObject, _grains, "g", headers: new() { ["If-None-Match"] = "\"" + Md5Hex(body) + "\"" });

        await Handlers().HandleAsync(ctx);

        Assert.Equal(304, ctx.Http.Response.StatusCode);
        Assert.Empty(TestRequests.ResponseBytes(ctx));
    }

    [Fact]
    public async Task HeadObject_GivesLengthButNoBody()
    {
        await PutAsync("g", TestRequests.RandomBytes(5000, 11));
        var ctx = TestRequests.Context(S3Operation.HeadObject, _grains, "g");

        await Handlers().HandleAsync(ctx);

        Assert.Equal(5000, ctx.Http.Response.ContentLength);
        Assert.Empty(TestRequests.ResponseBytes(ctx));
    }

    [Fact]
    public async Task GetObject_Missing_IsNoSuchKey()
    {
        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(TestRequests.Context(S3Operation.GetObject, _grains, "nope")));
        Assert.Equal(S3ErrorCode.NoSuchKey, e.Code);
    }

    [Fact]
    public async Task GetObject_PartNumberOfMultipartObject_ServesThatPart()
    {
        var (p1, p2) = (VersionId.New(), VersionId.New());
        var c1 = _data.AddVersion(p1, BlockSize, 100);
        var c2 = _data.AddVersion(p2, 50);
        Obj("mp").Current = new ObjectVersionInfo(VersionId.New(), 1, new ObjectMeta(c1.Length + c2.Length, "abc-2", []), null,
            [new ObjectPart(1, p1, c1.Length, "x"), new ObjectPart(2, p2, c2.Length, "y")]);
        var ctx = TestRequests.Context(S3Operation.GetObject, _grains, "mp", query: "?partNumber=2&response-content-type=text%2Fcsv");

        await Handlers().HandleAsync(ctx);

        Assert.Equal(206, ctx.Http.Response.StatusCode);
        Assert.Equal(c2, TestRequests.ResponseBytes(ctx));
        Assert.Equal("2", ctx.Http.Response.Headers["x-amz-mp-parts-count"].ToString());
        Assert.Equal($"bytes {c1.Length}-{c1.Length + 49}/{c1.Length + 50}", ctx.Http.Response.Headers.ContentRange.ToString());
        Assert.Equal("text/csv", ctx.Http.Response.Headers.ContentType.ToString());
    }

    [Fact]
    public async Task CopyObject_BlockObject_SharesBlocksAndKeepsETag()
    {
        var body = TestRequests.RandomBytes((2 * BlockSize) + 1, 12);
        await PutAsync("src", body, new() { ["x-amz-meta-a"] = "1" });
        _grains.Add<IBucketGrain>("bkt", new FakeBucketGrain(TestRequests.Bucket()));
        var ctx = TestRequests.Context(S3Operation.CopyObject, _grains, "dst", headers: new() { ["x-amz-copy-source"] = "/bkt/src" });

        await Handlers().HandleAsync(ctx);

        var dst = Obj("dst").Current!;
        Assert.Equal(Md5Hex(body), dst.Meta.ETag);
        Assert.Equal("1", dst.Meta.Header("x-amz-meta-a"));
        Assert.Equal(body, _data.Content(Assert.Single(dst.Parts).DataVersion));
        var x = XElement.Parse(TestRequests.ResponseText(ctx));
        Assert.Equal(S3 + "CopyObjectResult", x.Name);
        Assert.Equal($"\"{Md5Hex(body)}\"", x.Element(S3 + "ETag")!.Value);
        Assert.Equal(ResponseXml.Timestamp(dst.TimestampMs), x.Element(S3 + "LastModified")!.Value);
    }

    [Fact]
    public async Task CopyObject_InlineWithReplace_TakesRequestHeaders()
    {
        await PutAsync("src", [1, 2, 3], new() { ["x-amz-meta-a"] = "1" });
        _grains.Add<IBucketGrain>("bkt", new FakeBucketGrain(TestRequests.Bucket()));
        var ctx = TestRequests.Context(S3Operation.CopyObject, _grains, "src", headers: new()
        {
            ["x-amz-copy-source"] = "bkt/src",
            ["x-amz-metadata-directive"] = "REPLACE",
            ["x-amz-meta-b"] = "2",
        });

        await Handlers().HandleAsync(ctx);

        var meta = Obj("src").Current!.Meta;
        Assert.Null(meta.Header("x-amz-meta-a"));
        Assert.Equal("2", meta.Header("x-amz-meta-b"));
    }

    [Fact]
    public async Task CopyObject_OntoItselfWithoutChange_IsInvalidRequest()
    {
        await PutAsync("src", [1, 2, 3]);
        _grains.Add<IBucketGrain>("bkt", new FakeBucketGrain(TestRequests.Bucket()));
        var ctx = TestRequests.Context(S3Operation.CopyObject, _grains, "src", headers: new() { ["x-amz-copy-source"] = "bkt/src" });

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(S3ErrorCode.InvalidRequest, e.Code);
    }

    [Fact]
    public async Task CopyObject_SourceBucketWithoutRead_IsAccessDenied()
    {
        _grains.Add<IBucketGrain>("other", new FakeBucketGrain(TestRequests.Bucket("other", new BucketPermission(false, true, false))));
        var ctx = TestRequests.Context(S3Operation.CopyObject, _grains, "dst", headers: new() { ["x-amz-copy-source"] = "other/src" });

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(S3ErrorCode.AccessDenied, e.Code);
    }

    [Fact]
    public async Task CopyObject_FailedSourceCondition_Is412()
    {
        await PutAsync("src", [1, 2, 3]);
        _grains.Add<IBucketGrain>("bkt", new FakeBucketGrain(TestRequests.Bucket()));
        var ctx = TestRequests.Context(S3Operation.CopyObject, _grains, "dst", headers: new()
        {
            ["x-amz-copy-source"] = "bkt/src",
            ["x-amz-copy-source-if-match"] = "\"nope\"",
        });

        var e = await Assert.ThrowsAsync<S3Exception>(() => Handlers().HandleAsync(ctx));
        Assert.Equal(S3ErrorCode.PreconditionFailed, e.Code);
    }

    [Fact]
    public async Task DeleteObjects_Quiet_ReportsOnlyErrors()
    {
        await PutAsync("a", [1]);
        var xml = "<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key></Key></Object></Delete>";
        var ctx = TestRequests.Context(S3Operation.DeleteObjects, _grains, body: System.Text.Encoding.UTF8.GetBytes(xml));

        await Handlers().HandleAsync(ctx);

        var x = XElement.Parse(TestRequests.ResponseText(ctx));
        Assert.Equal(1, Obj("a").Deletes);
        Assert.Empty(x.Elements(S3 + "Deleted"));
        var error = Assert.Single(x.Elements(S3 + "Error"));
        Assert.Equal("", error.Element(S3 + "Key")!.Value);
        Assert.Equal("InvalidArgument", error.Element(S3 + "Code")!.Value);
    }

    [Fact]
    public async Task DeleteObjects_ListsDeletedKeys()
    {
        var xml = "<Delete><Object><Key>x y</Key></Object><Object><Key>z</Key></Object></Delete>";
        var ctx = TestRequests.Context(S3Operation.DeleteObjects, _grains, body: System.Text.Encoding.UTF8.GetBytes(xml));

        await Handlers().HandleAsync(ctx);

        Assert.Contains("<Deleted><Key>x y</Key></Deleted><Deleted><Key>z</Key></Deleted>", TestRequests.ResponseText(ctx));
    }

    [Fact]
    public async Task DeleteObject_MissingKey_Is204()
    {
        var ctx = TestRequests.Context(S3Operation.DeleteObject, _grains, "nope");
        await Handlers().HandleAsync(ctx);
        Assert.Equal(204, ctx.Http.Response.StatusCode);
    }
}
