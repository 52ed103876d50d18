using System.Text;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class RequestXmlTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ParseDelete_ReadsQuietAndKeys_KeepingWhitespaceInKeys()
    {
        var r = RequestXml.ParseDelete(B(
            "<?xml version=\"1.0\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>" +
            "<Object><Key> a &amp; b </Key></Object><Object><Key>c</Key><VersionId>v1</VersionId></Object></Delete>"));
        Assert.True(r.Quiet);
        Assert.Equal([new DeleteRequestObject(" a & b ", null), new DeleteRequestObject("c", "v1")], r.Objects);
    }

    [Fact]
    public void ParseDelete_WithoutNamespace_IsAccepted()
    {
        var r = RequestXml.ParseDelete(B("<Delete><Object><Key>x</Key></Object></Delete>"));
        Assert.False(r.Quiet);
        Assert.Single(r.Objects);
    }

    [Theory]
    [InlineData("<Delete><Object></Object></Delete>")]
    [InlineData("<Other><Object><Key>x</Key></Object></Other>")]
    [InlineData("<Delete><Object><Key>x</Key></Object>")]
    [InlineData("")]
    [InlineData("<!DOCTYPE d [<!ENTITY x \"y\">]><Delete><Object><Key>&x;</Key></Object></Delete>")]
    public void ParseDelete_BadDocument_IsMalformedXml(string xml)
    {
        var e = Assert.Throws<S3Exception>(() => RequestXml.ParseDelete(B(xml)));
        Assert.Equal(S3ErrorCode.MalformedXML, e.Code);
    }

    [Fact]
    public void Parse_DeeplyNestedDocument_IsMalformedXml()
    {
        var xml = "<Delete>" + string.Concat(Enumerable.Repeat("<a>", 5000)) + string.Concat(Enumerable.Repeat("</a>", 5000)) + "</Delete>";
        var e = Assert.Throws<S3Exception>(() => RequestXml.ParseDelete(B(xml)));
        Assert.Equal(S3ErrorCode.MalformedXML, e.Code);
    }

    [Fact]
    public void ParseCompleteMultipartUpload_ReadsPartsInOrder_Unquoted()
    {
        var parts = RequestXml.ParseCompleteMultipartUpload(B(
            "<CompleteMultipartUpload><Part><ETag>\"aa\"</ETag><PartNumber>1</PartNumber></Part>" +
            "<Part><PartNumber>3</PartNumber><ETag>&quot;bb&quot;</ETag><ChecksumCRC32>x</ChecksumCRC32></Part></CompleteMultipartUpload>"));
        Assert.Equal([new(1, "aa"), new(3, "bb")], parts);
    }

    [Theory]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>")]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")]
    public void ParseCompleteMultipartUpload_BadPart_IsMalformedXml(string xml)
    {
        var e = Assert.Throws<S3Exception>(() => RequestXml.ParseCompleteMultipartUpload(B(xml)));
        Assert.Equal(S3ErrorCode.MalformedXML, e.Code);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("  \n", null)]
    [InlineData("<CreateBucketConfiguration><LocationConstraint>garage</LocationConstraint></CreateBucketConfiguration>", "garage")]
    [InlineData("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint/></CreateBucketConfiguration>", null)]
    public void ParseCreateBucketConfiguration_ReadsLocation(string xml, string? expected)
    {
        Assert.Equal(expected, RequestXml.ParseCreateBucketConfiguration(B(xml)));
    }

    [Fact]
    public async Task ReadBody_OverTheCap_IsMalformedXml()
    {
        var e = await Assert.ThrowsAsync<S3Exception>(() => RequestXml.ReadBodyAsync(new MemoryStream(new byte[100_001]), 100_000, CancellationToken.None));
        Assert.Equal(S3ErrorCode.MalformedXML, e.Code);
    }

    [Fact]
    public async Task ReadBody_AtTheCap_ReturnsEverything()
    {
        var body = TestData(300_000);
        Assert.Equal(body, await RequestXml.ReadBodyAsync(new MemoryStream(body), 300_000, CancellationToken.None));
    }

    private static byte[] TestData(int n) => Fakes.TestRequests.RandomBytes(n, 42);
}
