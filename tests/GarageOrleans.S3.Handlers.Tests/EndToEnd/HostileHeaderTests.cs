using System.Text;
using Amazon.S3.Model;
using GarageOrleans.S3.Tests;

namespace GarageOrleans.S3.Handlers.Tests.EndToEnd;

/// <summary>
/// Values that come back in response headers, sent over a raw socket: non-ASCII metadata is stored as sent and
/// returned RFC 2047-encoded (as AWS does), and response-* overrides with control characters are InvalidArgument.
/// Before, both were a 500: Kestrel throws when such a value is set on a response.
/// </summary>
public sealed class HostileHeaderTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    [Theory]
    [InlineData("café ☕")]
    [InlineData("日本語")]
    [InlineData("plain ascii")]
    public async Task UserMetadata_WithRawUtf8_IsStoredAndReturnedRfc2047Encoded(string value)
    {
        var key = Key();
        var put = await SendAsync("PUT", key, [], new Dictionary<string, string> { ["x-amz-meta-note"] = value }, "x"u8.ToArray());
        Assert.True(put.Status == 200, put.ToString());

        foreach (var method in new[] { "GET", "HEAD" })
        {
            var got = await SendAsync(method, key, [], new Dictionary<string, string>(), []);

            Assert.True(got.Status == 200, got.ToString());
            var expected = value.All(c => c is '\t' or (>= ' ' and <= '~'))
                ? value
                : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
            Assert.Equal(expected, got.Headers["x-amz-meta-note"]);
        }
    }

    [Fact]
    public async Task UserMetadata_AlreadyRfc2047Encoded_IsReturnedVerbatim()
    {
        using var client = host.Client();
        var key = Key();
        const string encoded = "=?UTF-8?B?Y2Fmw6k=?=";
        var request = new PutObjectRequest { BucketName = "bkt", Key = key, ContentBody = "x" };
        request.Metadata.Add("note", encoded);
        await client.PutObjectAsync(request);

        var got = await SendAsync("GET", key, [], new Dictionary<string, string>(), []);

        Assert.Equal(encoded, got.Headers["x-amz-meta-note"]);
    }

    [Fact]
    public async Task StandardHeader_WithRawUtf8_IsReturnedRfc2047Encoded()
    {
        var key = Key();
        await SendAsync("PUT", key, [], new Dictionary<string, string> { ["content-disposition"] = "attachment; filename=\"é.txt\"" }, "x"u8.ToArray());

        var got = await SendAsync("GET", key, [], new Dictionary<string, string>(), []);

        Assert.Equal(200, got.Status);
        Assert.StartsWith("=?UTF-8?B?", got.Headers["content-disposition"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("response-content-type", "text/plain\r\nX-Injected: yes")]
    [InlineData("response-content-disposition", "attachment\nX-Injected: yes")]
    [InlineData("response-cache-control", "no-cache\r")]
    [InlineData("response-content-encoding", "gzip\u0000")]
    [InlineData("response-content-language", "en\u0001")]
    [InlineData("response-expires", "\u007F")]
    public async Task ResponseOverride_WithControlCharacters_IsInvalidArgument(string parameter, string value)
    {
        var key = Key();
        await SendAsync("PUT", key, [], new Dictionary<string, string>(), "x"u8.ToArray());

        var got = await SendAsync("GET", key, [(parameter, value)], new Dictionary<string, string>(), []);

        Assert.True(got.Status == 400, got.ToString());
        Assert.Contains("<Code>InvalidArgument</Code>", got.Body, StringComparison.Ordinal);
        Assert.False(got.Headers.ContainsKey("X-Injected"));
    }

    [Fact]
    public async Task ResponseOverride_WithNonAscii_IsReturnedRfc2047Encoded()
    {
        var key = Key();
        await SendAsync("PUT", key, [], new Dictionary<string, string>(), "x"u8.ToArray());

        var got = await SendAsync("GET", key, [("response-content-disposition", "attachment; filename=\"ü.txt\"")], new Dictionary<string, string>(), []);

        Assert.True(got.Status == 200, got.ToString());
        Assert.Equal("=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("attachment; filename=\"ü.txt\"")) + "?=", got.Headers["content-disposition"]);
    }

    [Fact]
    public async Task ResponseOverride_Plain_IsApplied()
    {
        using var client = host.Client();
        var key = Key();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = key, ContentBody = "x" });

        var got = await client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = "bkt",
            Key = key,
            ResponseHeaderOverrides = new ResponseHeaderOverrides { ContentType = "text/x-test", CacheControl = "no-store" },
        });

        Assert.Equal("text/x-test", got.Headers.ContentType);
        Assert.Equal("no-store", got.Headers.CacheControl);
    }

    private static string Key() => "hdr/" + Guid.NewGuid().ToString("N");

    private async Task<RawHttp.RawResponse> SendAsync(
        string method, string key, (string Name, string Value)[] query, Dictionary<string, string> headers, byte[] body)
    {
        var target = "/bkt/" + key + (query.Length == 0 ? string.Empty : "?" + string.Join('&', query.Select(q => TestSigner.Encode(q.Name) + "=" + TestSigner.Encode(q.Value))));
        var length = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = RawHttp.Signed(
            host.BaseAddress, method, target, query, headers, method == "PUT" ? [("Content-Length", length)] : [], body,
            TestSigner.Sha256Hex(body), Fakes.TestRequests.Key.AccessKeyId, PipelineHost.Secret);
        return await RawHttp.SendAsync(host.BaseAddress, request);
    }
}
