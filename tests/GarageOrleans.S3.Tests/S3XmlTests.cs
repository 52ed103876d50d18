using System.Text;
using System.Xml.Linq;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Xml;

namespace GarageOrleans.S3.Tests;

public sealed class S3XmlTests
{
    private static readonly XNamespace S3 = S3XmlWriter.Namespace;

    [Fact]
    public void Writer_ProducesNamespacedDocumentWithTypedValues()
    {
        using var xml = new S3XmlWriter(16);
        xml.WriteStartRoot("ListAllMyBucketsResult");
        xml.WriteStartElement("Buckets");
        xml.WriteStartElement("Bucket");
        xml.WriteElement("Name", "bkt");
        xml.WriteElement("CreationDate", new DateTimeOffset(2009, 10, 12, 19, 50, 30, 123, TimeSpan.FromHours(2)));
        xml.WriteElement("Size", 1234567890123L);
        xml.WriteElement("IsTruncated", false);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();

        var doc = XDocument.Parse(Encoding.UTF8.GetString(xml.WrittenSpan));
        var bucket = doc.Root!.Element(S3 + "Buckets")!.Element(S3 + "Bucket")!;

        Assert.Equal("ListAllMyBucketsResult", doc.Root.Name.LocalName);
        Assert.Equal(S3XmlWriter.Namespace, doc.Root.Name.NamespaceName);
        Assert.Equal("2009-10-12T17:50:30.123Z", bucket.Element(S3 + "CreationDate")!.Value);
        Assert.Equal("1234567890123", bucket.Element(S3 + "Size")!.Value);
        Assert.Equal("false", bucket.Element(S3 + "IsTruncated")!.Value);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a&b<c>d\"e'f")]
    [InlineData("tab\there\nnewline\rcr")]
    [InlineData("ctrl\u0001\u001F")]
    [InlineData("unicode €😀 日本")]
    [InlineData("")]
    public void Writer_EscapesText_ReaderGetsItBack(string text)
    {
        using var xml = new S3XmlWriter();
        xml.WriteStartRoot("R");
        xml.WriteElement("Key", text);
        xml.WriteEndElement();

        var settings = new System.Xml.XmlReaderSettings { CheckCharacters = false };
        using var reader = System.Xml.XmlReader.Create(new MemoryStream(xml.WrittenSpan.ToArray()), settings);
        var doc = XDocument.Load(reader);

        Assert.Equal(text, doc.Root!.Element(S3 + "Key")!.Value);
    }

    [Fact]
    public void FormatTimestamp_IsIsoWithMilliseconds() =>
        Assert.Equal("2009-10-12T17:50:30.000Z", S3XmlWriter.FormatTimestamp(new DateTimeOffset(2009, 10, 12, 17, 50, 30, TimeSpan.Zero)));

    [Fact]
    public void Writer_InvalidElementName_Throws()
    {
        using var xml = new S3XmlWriter();

        Assert.Throws<ArgumentException>(() => xml.WriteElement("a b", "x"));
    }

    [Fact]
    public async Task CompleteMultipartUpload_WrittenThenRead_RoundTrips()
    {
        using var xml = new S3XmlWriter();
        xml.WriteStartRoot("CompleteMultipartUpload");
        for (var i = 1; i <= 3; i++)
        {
            xml.WriteStartElement("Part");
            xml.WriteElement("PartNumber", i);
            xml.WriteElement("ETag", $"\"etag{i}\"");
            if (i == 2)
            {
                xml.WriteElement("ChecksumCRC32", "AAAAAA==");
                xml.WriteElement("ChecksumCRC64NVME", "AAAAAAAAAAA=");
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        var parts = await S3XmlReader.ReadCompleteMultipartUploadAsync(new MemoryStream(xml.WrittenSpan.ToArray()), CancellationToken.None);

        Assert.Equal([1, 2, 3], parts.Select(p => p.PartNumber));
        Assert.Equal("\"etag2\"", parts[1].ETag);
        Assert.Equal("AAAAAA==", parts[1].ChecksumCrc32);
        Assert.Equal("AAAAAAAAAAA=", parts[1].ChecksumCrc64Nvme);
        Assert.Null(parts[0].ChecksumCrc32);
    }

    [Fact]
    public async Task Delete_AwsExample_IsRead()
    {
        const string body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Quiet>true</Quiet>
              <Object><Key>sample1.txt</Key></Object>
              <Object><Key>sample2.txt</Key><VersionId>OYcLXagmS.WaD..oyH4KRguB95_YhLs7</VersionId></Object>
            </Delete>
            """;

        var request = await S3XmlReader.ReadDeleteAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);

        Assert.True(request.Quiet);
        Assert.Equal(
            [new S3ObjectIdentifier("sample1.txt", null), new S3ObjectIdentifier("sample2.txt", "OYcLXagmS.WaD..oyH4KRguB95_YhLs7")],
            request.Objects);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>garage</LocationConstraint></CreateBucketConfiguration>", "garage")]
    [InlineData("<CreateBucketConfiguration><LocationConstraint></LocationConstraint></CreateBucketConfiguration>", null)]
    public async Task CreateBucketConfiguration_IsRead(string body, string? location)
    {
        var result = await S3XmlReader.ReadCreateBucketConfigurationAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);

        Assert.Equal(location, result);
    }

    [Theory]
    [InlineData("<Delete><Object><Key>a</Key>")]
    [InlineData("<Delete></Delete>")]
    [InlineData("<Delete><Object><VersionId>1</VersionId></Object></Delete>")]
    [InlineData("<NotDelete><Object><Key>a</Key></Object></NotDelete>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x \"boom\">]><Delete><Object><Key>&x;</Key></Object></Delete>")]
    [InlineData("<!DOCTYPE d SYSTEM \"file:///etc/passwd\"><Delete><Object><Key>a</Key></Object></Delete>")]
    public async Task Delete_MalformedOrDtd_IsMalformedXml(string body)
    {
        var error = await Assert.ThrowsAsync<S3Exception>(() => S3XmlReader.ReadDeleteAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None));

        Assert.Equal(S3ErrorCode.MalformedXML, error.Code);
    }

    [Fact]
    public async Task Delete_MoreThan1000Objects_IsMalformedXml()
    {
        var body = "<Delete>" + string.Concat(Enumerable.Range(0, 1001).Select(i => $"<Object><Key>k{i}</Key></Object>")) + "</Delete>";

        var error = await Assert.ThrowsAsync<S3Exception>(() => S3XmlReader.ReadDeleteAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None));

        Assert.Equal(S3ErrorCode.MalformedXML, error.Code);
    }

    [Fact]
    public async Task Load_BodyOverOneMebibyte_IsMalformedXml()
    {
        var body = "<Delete>" + new string(' ', S3XmlReader.MaxBodyBytes) + "</Delete>";

        var error = await Assert.ThrowsAsync<S3Exception>(() => S3XmlReader.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None));

        Assert.Equal(S3ErrorCode.MalformedXML, error.Code);
    }

    [Theory]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>")]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>")]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")]
    [InlineData("<CompleteMultipartUpload></CompleteMultipartUpload>")]
    public async Task CompleteMultipartUpload_Invalid_IsMalformedXml(string body)
    {
        var error = await Assert.ThrowsAsync<S3Exception>(() => S3XmlReader.ReadCompleteMultipartUploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None));

        Assert.Equal(S3ErrorCode.MalformedXML, error.Code);
    }
}
