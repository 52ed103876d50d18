using System.Text;
using System.Xml.Linq;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Tests;

public sealed class S3ErrorCatalogTests
{
    public static TheoryData<S3ErrorCode> AllCodes => [.. Enum.GetValues<S3ErrorCode>()];

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void EveryCode_HasCompleteEntry(S3ErrorCode code)
    {
        var info = S3ErrorCatalog.Get(code);

        Assert.Equal(code.ToString(), info.Code);
        Assert.False(string.IsNullOrWhiteSpace(info.Message));
        Assert.InRange(info.StatusCode, 300, 599);
    }

    [Theory]
    [InlineData(S3ErrorCode.InsufficientStorage, 507)]
    [InlineData(S3ErrorCode.NotImplemented, 501)]
    [InlineData(S3ErrorCode.InvalidRange, 416)]
    [InlineData(S3ErrorCode.PreconditionFailed, 412)]
    [InlineData(S3ErrorCode.BucketNotEmpty, 409)]
    [InlineData(S3ErrorCode.BucketAlreadyExists, 409)]
    [InlineData(S3ErrorCode.BucketAlreadyOwnedByYou, 409)]
    [InlineData(S3ErrorCode.NoSuchBucket, 404)]
    [InlineData(S3ErrorCode.NoSuchKey, 404)]
    [InlineData(S3ErrorCode.NoSuchUpload, 404)]
    [InlineData(S3ErrorCode.MethodNotAllowed, 405)]
    [InlineData(S3ErrorCode.EntityTooLarge, 400)]
    [InlineData(S3ErrorCode.KeyTooLongError, 400)]
    [InlineData(S3ErrorCode.InvalidPartOrder, 400)]
    [InlineData(S3ErrorCode.AuthorizationHeaderMalformed, 400)]
    [InlineData(S3ErrorCode.MissingContentLength, 411)]
    [InlineData(S3ErrorCode.RequestTimeout, 400)]
    [InlineData(S3ErrorCode.AccessDenied, 403)]
    [InlineData(S3ErrorCode.InvalidAccessKeyId, 403)]
    [InlineData(S3ErrorCode.SignatureDoesNotMatch, 403)]
    [InlineData(S3ErrorCode.RequestTimeTooSkewed, 403)]
    [InlineData(S3ErrorCode.ServiceUnavailable, 503)]
    [InlineData(S3ErrorCode.InternalError, 500)]
    public void Status_FollowsAws(S3ErrorCode code, int status) => Assert.Equal(status, S3ErrorCatalog.Get(code).StatusCode);

    [Fact]
    public void Render_GivesErrorDocumentWithDetailsAndEscaping()
    {
        var error = new S3Exception(S3ErrorCode.NoSuchKey, resource: "/bkt/a<b>&c") { Details = { ["Key"] = "a<b>&c" } };

        var xml = Encoding.UTF8.GetString(S3ErrorWriter.Render(error, S3ErrorCatalog.Get(error.Code), "REQ1", "/ignored"));
        var doc = XDocument.Parse(xml);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>", xml, StringComparison.Ordinal);
        Assert.Equal("NoSuchKey", doc.Root!.Element("Code")!.Value);
        Assert.Equal("The specified key does not exist.", doc.Root.Element("Message")!.Value);
        Assert.Equal("a<b>&c", doc.Root.Element("Key")!.Value);
        Assert.Equal("/bkt/a<b>&c", doc.Root.Element("Resource")!.Value);
        Assert.Equal("REQ1", doc.Root.Element("RequestId")!.Value);
    }

    [Fact]
    public async Task WriteAsync_ForHead_SendsStatusAndHeadersWithoutBody()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "HEAD";
        http.Response.Body = new MemoryStream();
        var error = new S3Exception(S3ErrorCode.InvalidRange) { Headers = { ["Content-Range"] = "bytes */10" } };

        await S3ErrorWriter.WriteAsync(http, error, "REQ", null);

        Assert.Equal(416, http.Response.StatusCode);
        Assert.Equal("bytes */10", http.Response.Headers["Content-Range"]);
        Assert.Equal(0, http.Response.Body.Length);
    }

    [Fact]
    public async Task WriteAsync_WithInvalidDetailName_FallsBackToHardCodedInternalError()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Response.Body = new MemoryStream();
        var error = new S3Exception(S3ErrorCode.NoSuchKey) { Details = { ["Bad Name<"] = "x" } };

        await S3ErrorWriter.WriteAsync(http, error, "REQ", null);

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Contains("<Code>InternalError</Code>", Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()), StringComparison.Ordinal);
    }
}
