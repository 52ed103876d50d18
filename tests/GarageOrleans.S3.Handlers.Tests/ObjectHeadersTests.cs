using GarageOrleans.S3.Errors;
using Microsoft.AspNetCore.Http;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class ObjectHeadersTests
{
    private static IHeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var d = new HeaderDictionary();
        foreach (var (n, v) in headers)
        {
            d[n] = v;
        }

        return d;
    }

    [Fact]
    public void FromRequest_LowerCasesMetadataNames_KeepsValues()
    {
        var h = ObjectHeaders.FromRequest(Headers(("X-Amz-Meta-Color", "Deep Blue"), ("x-amz-meta-a", "1"), ("Content-Type", "text/plain")));
        Assert.Equal(
            [new("content-type", "text/plain"), new("x-amz-meta-a", "1"), new("x-amz-meta-color", "Deep Blue")],
            h);
    }

    [Fact]
    public void FromRequest_WithoutContentType_StoresAwsDefault()
    {
        var h = ObjectHeaders.FromRequest(Headers());
        Assert.Equal(new KeyValuePair<string, string>("content-type", "binary/octet-stream"), Assert.Single(h));
    }

    [Fact]
    public void FromRequest_KeepsStandardHeaders_AndStripsAwsChunked()
    {
        var h = ObjectHeaders.FromRequest(Headers(
            ("Content-Encoding", "aws-chunked,gzip"),
            ("Cache-Control", "max-age=60"),
            ("Content-Disposition", "attachment"),
            ("Content-Language", "fr"),
            ("Expires", "Thu, 01 Dec 2033 16:00:00 GMT"),
            ("x-amz-acl", "private")));
        var d = h.ToDictionary();
        Assert.Equal("gzip", d["content-encoding"]);
        Assert.Equal("max-age=60", d["cache-control"]);
        Assert.Equal("attachment", d["content-disposition"]);
        Assert.Equal("fr", d["content-language"]);
        Assert.Equal("Thu, 01 Dec 2033 16:00:00 GMT", d["expires"]);
        Assert.False(d.ContainsKey("x-amz-acl"));
    }

    [Fact]
    public void FromRequest_AwsChunkedAlone_IsNotStored()
    {
        var h = ObjectHeaders.FromRequest(Headers(("Content-Encoding", "aws-chunked")));
        Assert.DoesNotContain(h, kv => kv.Key == "content-encoding");
    }

    [Fact]
    public void FromRequest_MetadataAtTheLimit_IsAccepted_AndOneByteMore_IsMetadataTooLarge()
    {
        // "k" + value: 1 + 2047 = 2048 bytes.
        ObjectHeaders.FromRequest(Headers(("x-amz-meta-k", new string('v', 2047))));
        var e = Assert.Throws<S3Exception>(() => ObjectHeaders.FromRequest(Headers(("x-amz-meta-k", new string('v', 2048)))));
        Assert.Equal(S3ErrorCode.MetadataTooLarge, e.Code);
    }

    [Fact]
    public void FromRequest_ServerSideEncryption_IsNotImplemented()
    {
        var e = Assert.Throws<S3Exception>(() => ObjectHeaders.FromRequest(Headers(("x-amz-server-side-encryption", "AES256"))));
        Assert.Equal(S3ErrorCode.NotImplemented, e.Code);
    }
}
