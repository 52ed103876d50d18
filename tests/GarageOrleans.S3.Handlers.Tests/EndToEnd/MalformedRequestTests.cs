using System.Text;
using GarageOrleans.S3.Tests;

namespace GarageOrleans.S3.Handlers.Tests.EndToEnd;

/// <summary>
/// Requests no client library would send, as raw bytes: each gets a 4xx (the parsers run before authentication, so
/// unsigned requests reach them), never a 500 or a dropped connection.
/// </summary>
public sealed class MalformedRequestTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    public static TheoryData<string> Requests() =>
    [
        "GET /bkt/\u00ff\u00fe HTTP/1.1",
        "GET /bkt/k%C0%AF HTTP/1.1",
        "GET /bkt/k%zz HTTP/1.1",
        "GET /bkt/k%00 HTTP/1.1",
        "GET /bkt/k% HTTP/1.1",
        "GET /bkt?prefix=%ff%fe&max-keys=99999999999999999999 HTTP/1.1",
        "GET /bkt?list-type=2&list-type=1 HTTP/1.1",
        "GET /../etc/passwd HTTP/1.1",
        "GET /bkt/../../etc/passwd HTTP/1.1",
        "GET /%2e%2e/k HTTP/1.1",
        "PUT /bkt/k?partNumber=99999999999999999999&uploadId=%00 HTTP/1.1",
        "GET /bkt/k?uploadId=../../x HTTP/1.1",
        "GET http://other.example/bkt/k HTTP/1.1",
        "GET * HTTP/1.1",
        "GET /bkt/k?response-content-type=%0d%0aX:y HTTP/1.1",
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task RawRequestLine_Gets4xx(string requestLine)
    {
        var request = Encoding.UTF8.GetBytes($"{requestLine}\r\nHost: {host.BaseAddress.Authority}\r\nRange: bytes=99999999999999999999-\r\n"
            + "If-Modified-Since: not a date\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        var response = await RawHttp.SendAsync(host.BaseAddress, request);

        Assert.True(response.Status is >= 400 and < 500, response.ToString());
    }

    [Theory]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=GKtest0000000000000000000/20130524/garage/s3/aws4_request, Credential=x, SignedHeaders=host, Signature=00")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 ,,,,")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=;;;, Signature=zz")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=GK/99999999/garage/s3/aws4_request, SignedHeaders=host, Signature=00\r\nx-amz-date: 99991231T235959Z")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=GK/20130524/garage/s3/aws4_request, SignedHeaders=host, Signature=00\r\nDate: Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=GK/00010101/garage/s3/aws4_request, SignedHeaders=host, Signature=00\r\nx-amz-date: 00010101T000000Z")]
    [InlineData("x-amz-meta-\u00e9: v")]
    [InlineData("x-amz-meta-a: \u00ff\u00fe")]
    public async Task BrokenAuthorizationOrHeaders_Get4xx(string headerLines)
    {
        var request = Encoding.UTF8.GetBytes($"GET /bkt/k HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\n{headerLines}\r\nConnection: close\r\n\r\n");

        var response = await RawHttp.SendAsync(host.BaseAddress, request);

        Assert.True(response.Status is >= 400 and < 500, response.ToString());
    }
}
