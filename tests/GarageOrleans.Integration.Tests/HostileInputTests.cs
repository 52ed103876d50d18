using System.Net;
using System.Text;
using Amazon.S3;
using GarageOrleans.S3.Tests;
using GarageOrleans.S3.Tests.Fuzz;

namespace GarageOrleans.Integration.Tests;

/// <summary>
/// Hostile input against a real node (grains, metadata store, blocks): malformed framing stores nothing, odd header
/// values round-trip, and random requests never get a 500 (the fixture also checks the node's internal-error count).
/// </summary>
[Collection(NodeCollection.Name)]
public class HostileInputTests(NodeFixture fixture)
{
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public async Task RandomRequests_NeverGet500(int seed)
    {
        var bucket = await fixture.NewBucketAsync();
        await fixture.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "data" });

        await new RequestFuzzer(fixture.Node.Node.S3Url, fixture.Node.AccessKeyId, fixture.Node.SecretAccessKey, bucket).RunAsync(seed, count: 150);
    }

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n\r\nJUNK\r\n", "5")]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "6")]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "4")]
    [InlineData("ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", "5")]
    [InlineData("5\r\nhello\r\n", "5")]
    public async Task PutObject_WithBadAwsChunkedFraming_Is400AndStoresNothing(string chunked, string decodedLength)
    {
        var bucket = await fixture.NewBucketAsync();
        var body = Encoding.ASCII.GetBytes(chunked);
        var request = RawHttp.Signed(
            fixture.Node.Node.S3Url, "PUT", $"/{bucket}/framed", [],
            new Dictionary<string, string> { ["content-encoding"] = "aws-chunked", ["x-amz-decoded-content-length"] = decodedLength },
            [("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", fixture.Node.AccessKeyId, fixture.Node.SecretAccessKey);

        var response = await RawHttp.SendAsync(fixture.Node.Node.S3Url, request);

        Assert.True(response.Status == 400, response.ToString());
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => fixture.S3.GetObjectMetadataAsync(bucket, "framed"));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task UserMetadata_WithRawUtf8_IsStoredAndReturnedRfc2047Encoded()
    {
        var bucket = await fixture.NewBucketAsync();
        const string Value = "naïve ☕ 日本";
        var put = RawHttp.Signed(
            fixture.Node.Node.S3Url, "PUT", $"/{bucket}/meta", [], new Dictionary<string, string> { ["x-amz-meta-note"] = Value },
            [("Content-Length", "1")], "x"u8.ToArray(), TestSigner.Sha256Hex("x"u8.ToArray()), fixture.Node.AccessKeyId, fixture.Node.SecretAccessKey);
        var stored = await RawHttp.SendAsync(fixture.Node.Node.S3Url, put);
        Assert.True(stored.Status == 200, stored.ToString());

        var head = await fixture.S3.GetObjectMetadataAsync(bucket, "meta");

        Assert.Equal("=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)) + "?=", head.Metadata["x-amz-meta-note"]);
    }

    [Fact]
    public async Task GetObject_WithCrLfInResponseOverride_IsInvalidArgument()
    {
        var bucket = await fixture.NewBucketAsync();
        await fixture.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "data" });
        var get = RawHttp.Signed(
            fixture.Node.Node.S3Url, "GET", $"/{bucket}/k?response-content-type=text%2Fplain%0D%0AX-Injected%3A%20yes",
            [("response-content-type", "text/plain\r\nX-Injected: yes")], new Dictionary<string, string>(), [], [], TestSigner.EmptyHash,
            fixture.Node.AccessKeyId, fixture.Node.SecretAccessKey);

        var response = await RawHttp.SendAsync(fixture.Node.Node.S3Url, get);

        Assert.True(response.Status == 400, response.ToString());
        Assert.Contains("<Code>InvalidArgument</Code>", response.Body, StringComparison.Ordinal);
        Assert.False(response.Headers.ContainsKey("X-Injected"));
    }
}

/// <summary>The count the end-to-end tests read from outside the process.</summary>
[Collection(NodeCollection.Name)]
public sealed class InternalErrorCountTests(NodeFixture fixture)
{
    [Fact]
    public async Task GetClusterStatus_ReportsTheNodesS3InternalErrors()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Node.Node.AdminUrl, "/v2/GetClusterStatus"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Node.Node.AdminToken);

        using var response = await http.SendAsync(request);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.Node.S3InternalErrors, json.RootElement.GetProperty("s3InternalErrors").GetInt64());
    }
}
