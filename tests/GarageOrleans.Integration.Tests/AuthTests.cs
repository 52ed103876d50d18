using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace GarageOrleans.Integration.Tests;

[Collection(NodeCollection.Name)]
public class AuthTests(NodeFixture fixture)
{
    private readonly AmazonS3Client _s3 = fixture.S3;

    [Fact]
    public async Task Request_WithWrongSecret_ReturnsSignatureDoesNotMatch()
    {
        using var client = fixture.Node.S3Client(fixture.Node.AccessKeyId, "wrong-secret-wrong-secret-wrong-secret");
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.ListBucketsAsync());
        Assert.Equal("SignatureDoesNotMatch", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
    }

    [Fact]
    public async Task Request_WithUnknownKey_ReturnsInvalidAccessKeyId()
    {
        using var client = fixture.Node.S3Client("GK000000000000000000000000", "whatever-secret");
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.ListBucketsAsync());
        Assert.Equal("InvalidAccessKeyId", e.ErrorCode);
    }

    [Fact]
    public async Task AnonymousRequest_ReturnsAccessDeniedXml()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(fixture.Node.Node.S3Url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        Assert.Contains("<RequestId>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PresignedGet_Works_AndExpiredOneIsDenied()
    {
        var bucket = await fixture.NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "p", ContentBody = "presigned body" });
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "p",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();
        Assert.Equal("presigned body", await http.GetStringAsync(url));

        var expired = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "p",
            Expires = DateTime.UtcNow.AddSeconds(1),
            Protocol = Protocol.HTTP,
        });
        await Task.Delay(TimeSpan.FromSeconds(2)); // the clock must pass the expiry: nothing to wait on but time
        var response = await http.GetAsync(expired);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnimplementedOperation_Returns501NamingIt()
    {
        var bucket = await fixture.NewBucketAsync();
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }));
        Assert.Equal(HttpStatusCode.NotImplemented, e.StatusCode);
        Assert.Equal("NotImplemented", e.ErrorCode);
        Assert.Contains("GetBucketTagging", e.Message, StringComparison.Ordinal);
    }
}
