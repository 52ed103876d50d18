using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using GarageOrleans.S3.Auth;

namespace GarageOrleans.S3.Tests;

/// <summary>The whole front door on Kestrel, driven by AWSSDK.S3 v4 and by raw HTTP.</summary>
public sealed class S3PipelineEndToEndTests(S3ApiHost host) : IClassFixture<S3ApiHost>
{
    [Theory]
    [InlineData("plain.bin", 0)]
    [InlineData("small.bin", 1)]
    [InlineData("dir//a+b c/€%2F~!$'()*.txt", 1000)]
    [InlineData("big.bin", 3 * 1024 * 1024 + 17)]
    public async Task PutObject_WithSdkDefaults_StreamsDecodesAndVerifiesChecksum(string key, int size)
    {
        using var client = host.Client();
        var data = Data(size);

        var put = await client.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = key, InputStream = new MemoryStream(data) });

        var stored = host.Objects.Store["bkt/" + key];
        Assert.Equal(data, stored.Data);
        Assert.Equal(MD5.HashData(data), stored.Md5);
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"", put.ETag);
        Assert.Equal(size, stored.ContentLength);
        // Over http the SDK signs every chunk and sends a CRC32 trailer (an empty body gets a plain hash and a header):
        // either way the CRC32 must have been checked and reported.
        Assert.Equal(size > 0 ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : TestSigner.EmptyHash, stored.ContentSha256);
        Assert.Equal(Convert.ToBase64String(S3PayloadStreamTests.ReferenceChecksum(S3ChecksumAlgorithm.Crc32, data)), stored.Checksums["crc32"]);
    }

    [Fact]
    public async Task PutObject_OverTls_DecodesUnsignedTrailer()
    {
        using var client = host.Client(tls: true);
        var data = Data(200_000);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = "unsigned.bin", InputStream = new MemoryStream(data), DisablePayloadSigning = true });

        var stored = host.Objects.Store["bkt/unsigned.bin"];
        Assert.Equal(data, stored.Data);
        Assert.Equal("STREAMING-UNSIGNED-PAYLOAD-TRAILER", stored.ContentSha256);
        Assert.True(stored.Checksums.ContainsKey("crc32"));
    }

    [Fact]
    public async Task PutObject_WithoutChunkEncoding_VerifiesBodySha256()
    {
        using var client = host.Client();
        var data = Data(5000);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = "sha.bin", InputStream = new MemoryStream(data), UseChunkEncoding = false });

        var stored = host.Objects.Store["bkt/sha.bin"];
        Assert.Equal(data, stored.Data);
        Assert.Equal(64, stored.ContentSha256.Length);
    }

    [Fact]
    public async Task GetObject_AfterPut_ReturnsTheBytes()
    {
        using var client = host.Client();
        var data = Data(100_000);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = "get/me", InputStream = new MemoryStream(data) });

        using var response = await client.GetObjectAsync("bkt", "get/me");
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);

        Assert.Equal(data, copy.ToArray());
        Assert.False(string.IsNullOrEmpty(response.ResponseMetadata.RequestId));
    }

    [Fact]
    public async Task PresignedUrl_FromSdk_GetsTheObjectWithPlainHttp()
    {
        using var client = host.Client();
        var data = Data(1234);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = "shared file.txt", InputStream = new MemoryStream(data) });
        var url = client.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = "bkt",
            Key = "shared file.txt",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
            Verb = HttpVerb.GET,
        });

        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync(url);

        Assert.Equal(data, bytes);
    }

    [Fact]
    public async Task WrongSecret_IsSignatureDoesNotMatch()
    {
        using var client = host.Client(secret: "wrong-secret-wrong-secret-wrong-secret");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync("bkt", "anything"));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task UnknownKey_IsInvalidAccessKeyId()
    {
        using var client = host.Client(keyId: "GKunknown");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync("bkt", "anything"));

        Assert.Equal("InvalidAccessKeyId", error.ErrorCode);
    }

    [Fact]
    public async Task Anonymous_IsAccessDeniedXmlWithRequestId()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(host.BaseAddress, "/bkt/key"));
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("AccessDenied", doc.Root!.Element("Code")!.Value);
        Assert.Equal(response.Headers.GetValues("x-amz-request-id").Single(), doc.Root.Element("RequestId")!.Value);
    }

    [Fact]
    public async Task UnimplementedOperation_Is501NamingIt()
    {
        using var client = host.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = "bkt" }));

        Assert.Equal(HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Equal("NotImplemented", error.ErrorCode);
        Assert.Contains("GetBucketTagging", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownBucket_IsNoSuchBucket()
    {
        using var client = host.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync("nobucket", "k"));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task WriteWithReadOnlyKey_IsAccessDenied()
    {
        using var client = host.Client(keyId: S3ApiHost.ReadOnlyKeyId);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = "denied", ContentBody = "x" }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.False(host.Objects.Store.ContainsKey("bkt/denied"));
    }

    [Fact]
    public async Task HandlerBug_IsInternalErrorWithoutDetail()
    {
        using var client = host.Client();
        host.ExpectInternalError();
        var before = host.InternalErrors;

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.DeleteObjectAsync("bkt", MemoryObjectHandler.BugKey));

        Assert.Equal(before + 1, host.InternalErrors);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalError", error.ErrorCode);
        Assert.DoesNotContain("secret internal detail", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadMissingObject_Is404WithoutBody()
    {
        using var client = host.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync("bkt", "missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    private static byte[] Data(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        return data;
    }
}
