using System.Text;

namespace GarageOrleans.S3.Tests;

/// <summary>
/// Malformed framing and header values over a raw socket to the pipeline on Kestrel: each is a clean 4xx and leaves
/// nothing stored. (The host's fixture also fails the class if any request got a 500.)
/// </summary>
public sealed class HostileRequestTests(S3ApiHost host) : IClassFixture<S3ApiHost>
{
    private const string UnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("5 5")]
    [InlineData("0x5")]
    [InlineData("5.0")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public async Task PutObject_WithContentLengthNotAPlainDecimal_Is400AndStoresNothing(string contentLength)
    {
        var key = Key();
        var body = "hello"u8.ToArray();

        var response = await PutAsync(key, [("Content-Length", contentLength)], body, TestSigner.Sha256Hex(body));

        Assert.True(400 == response.Status, response.ToString());
        Assert.False(host.Objects.Store.ContainsKey("bkt/" + key), response.ToString());
    }

    [Fact]
    public async Task PutObject_WithTwoDifferentContentLengths_Is400AndStoresNothing()
    {
        var key = Key();
        var body = "hello"u8.ToArray();

        var response = await PutAsync(key, [("Content-Length", "5"), ("Content-Length", "4")], body, TestSigner.Sha256Hex(body));

        Assert.Equal(400, response.Status);
        Assert.False(host.Objects.Store.ContainsKey("bkt/" + key));
    }

    [Fact]
    public async Task PutObject_WithBodyShorterThanContentLength_StoresNothing()
    {
        var key = Key();
        var body = "hello"u8.ToArray();

        // The client ends its side after 5 of 10 bytes: Kestrel treats that as the client going away, so there may be
        // no answer at all; if there is one it is a 4xx.
        var response = await PutAsync(key, [("Content-Length", "10")], body, TestSigner.Sha256Hex(body), halfClose: true);

        Assert.True(response.Status is 0 or (>= 400 and < 500), response.ToString());
        Assert.False(host.Objects.Store.ContainsKey("bkt/" + key));
    }

    [Fact]
    public async Task PutObject_WithBodyLongerThanContentLength_IsRefusedByItsHash()
    {
        var key = Key();
        var body = "hello world"u8.ToArray();

        var response = await PutAsync(key, [("Content-Length", "5")], body, TestSigner.Sha256Hex(body));

        Assert.Equal(400, response.Status);
        Assert.False(host.Objects.Store.ContainsKey("bkt/" + key));
    }

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "4", "InvalidRequest")]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "9", "IncompleteBody")]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("-5\r\nhello\r\n0\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData(" 5\r\nhello\r\n0\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("0000000000000005\r\nhello\r\n0\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("7fffffffffffffff\r\nhello\r\n0\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("fffffffffffffff\r\nhello\r\n0\r\n\r\n", "5", "InvalidRequest")]
    [InlineData("6\r\nhello\r\n0\r\n\r\n", "5", "InvalidRequest")]
    [InlineData("4\r\nhello\r\n0\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("5\r\nhello\r\n", "5", "IncompleteBody")]
    [InlineData("5\r\nhello", "5", "IncompleteBody")]
    [InlineData("5\r\nhello\r\n0\r\n\r\nJUNK", "5", "IncompleteBody")]
    [InlineData("5\r\nhello\r\n0\r\n\r\n\r\n\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("5\r\nhello\r\n0\r\n\r\n\r\nJUNK\r\n", "5", "InvalidChunkSizeError")]
    [InlineData("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\nJUNK", "5", "InvalidChunkSizeError")]
    [InlineData("", "5", "IncompleteBody")]
    public async Task PutObject_WithAwsChunkedFramingThatDisagrees_Is400AndStoresNothing(string chunked, string decodedLength, string code)
    {
        var key = Key();
        var body = Encoding.ASCII.GetBytes(chunked);

        var response = await PutAsync(
            key,
            [("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            body,
            UnsignedTrailer,
            signed: new Dictionary<string, string>
            {
                ["content-encoding"] = "aws-chunked",
                ["x-amz-decoded-content-length"] = decodedLength,
                ["x-amz-trailer"] = chunked.Contains("x-amz-checksum-crc32", StringComparison.Ordinal) ? "x-amz-checksum-crc32" : "",
            });

        Assert.Equal(400, response.Status);
        Assert.Contains($"<Code>{code}</Code>", response.Body, StringComparison.Ordinal);
        Assert.False(host.Objects.Store.ContainsKey("bkt/" + key));
    }

    [Fact]
    public async Task PutObject_WithWellFramedAwsChunkedBody_IsStored()
    {
        // The control for the cases above: the same request, well framed, is accepted.
        var key = Key();
        var body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"u8.ToArray();

        var response = await PutAsync(
            key,
            [("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            body,
            UnsignedTrailer,
            signed: new Dictionary<string, string>
            {
                ["content-encoding"] = "aws-chunked",
                ["x-amz-decoded-content-length"] = "5",
                ["x-amz-trailer"] = "x-amz-checksum-crc32",
            });

        Assert.Equal(200, response.Status);
        Assert.Equal("hello"u8.ToArray(), host.Objects.Store["bkt/" + key].Data);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("5x")]
    [InlineData("99999999999999999999")]
    public async Task PutObject_WithBadDecodedContentLength_Is400AndStoresNothing(string decodedLength)
    {
        var key = Key();
        var body = "5\r\nhello\r\n0\r\n\r\n"u8.ToArray();

        var response = await PutAsync(
            key,
            [("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            body,
            UnsignedTrailer,
            signed: new Dictionary<string, string> { ["content-encoding"] = "aws-chunked", ["x-amz-decoded-content-length"] = decodedLength });

        Assert.Equal(400, response.Status);
        Assert.False(host.Objects.Store.ContainsKey("bkt/" + key));
    }

    private static string Key() => "hostile/" + Guid.NewGuid().ToString("N");

    private async Task<RawHttp.RawResponse> PutAsync(
        string key,
        IReadOnlyList<(string Name, string Value)> unsigned,
        byte[] body,
        string payloadHash,
        Dictionary<string, string>? signed = null,
        bool halfClose = false)
    {
        var headers = (signed ?? []).Where(h => h.Value.Length > 0).ToDictionary(h => h.Key, h => h.Value);
        var request = RawHttp.Signed(host.BaseAddress, "PUT", "/bkt/" + key, [], headers, unsigned, body, payloadHash, S3ApiHost.KeyId, S3ApiHost.Secret);
        return await RawHttp.SendAsync(host.BaseAddress, request, halfClose);
    }
}
