using System.Globalization;
using System.Text;

namespace GarageOrleans.S3.Tests.Fuzz;

/// <summary>
/// Random S3 requests over a raw socket, most of them validly signed so that they get past authentication into
/// routing and the handlers: odd methods, keys with <c>../</c>, bad percent-encoding, absurd numbers in uploadId,
/// partNumber and max-keys, duplicated query parameters, garbage Range and precondition headers, non-ASCII metadata,
/// mutated XML bodies, huge headers, broken or missing Authorization. Any 500, or a connection closed without an
/// answer, fails with the seed, the iteration and the request.
/// </summary>
internal sealed class RequestFuzzer(Uri server, string keyId, string secret, string bucket)
{
    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD", "GET", "PUT", "OPTIONS", "PATCH", "PROPFIND"];

    private static readonly string[] Keys =
    [
        "k", "a/b/c.txt", "../../etc/passwd", "a/../b", "./x", "..", "%2e%2e/x", "dir/", "€uro", "sp ace", "日本/語", "a+b", "a%b",
        "%zz", "%00", "%C0%AF", "%FF%FE", "%E2%82", "x%0d%0ay", "\u0001ctl", "q?x", "h#f", "k;v",
    ];

    private static readonly string[] QueryNames =
    [
        "uploads", "uploadId", "partNumber", "max-keys", "list-type", "continuation-token", "delete", "tagging", "acl", "versions",
        "location", "response-content-type", "response-content-disposition", "response-expires", "prefix", "delimiter", "marker",
        "start-after", "encoding-type", "max-parts", "part-number-marker", "max-uploads", "key-marker", "upload-id-marker",
        "x-id", "versionId", "fetch-owner", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Signature",
    ];

    private static readonly string[] HeaderNames =
    [
        "Range", "If-Modified-Since", "If-Unmodified-Since", "If-Match", "If-None-Match", "x-amz-copy-source", "x-amz-copy-source-range",
        "x-amz-copy-source-if-match", "x-amz-copy-source-if-modified-since", "Content-MD5", "x-amz-checksum-crc32", "x-amz-checksum-sha256",
        "x-amz-checksum-algorithm", "x-amz-sdk-checksum-algorithm", "x-amz-meta-note", "x-amz-meta-Ünï", "Content-Type", "Content-Encoding",
        "Content-Disposition", "Expires", "Cache-Control", "x-amz-server-side-encryption", "x-amz-tagging", "x-amz-metadata-directive",
        "x-amz-storage-class", "x-amz-acl", "x-amz-website-redirect-location", "x-amz-decoded-content-length", "x-amz-trailer",
        "x-amz-checksum-mode", "x-amz-bucket-region", "x-amz-expected-bucket-owner", "Expect",
    ];

    private static readonly string[] HeaderSeeds =
    [
        "bytes=0-9", "bytes=99999999999999999999-", "bytes=-0", "bytes=5-1", "bytes=0-1,2-3", "Fri, 24 May 2013 00:00:00 GMT", "garbage",
        "\"abc\"", "*", "/bkt/k", "/bkt/k?versionId=null", "bytes=0-99999999999999999999", "AAAAAA==", "text/plain", "aws-chunked",
        "CRC32", "COPY", "REPLACE", "STANDARD", "AES256", "a=b&c=d", "100-continue", "ENABLED", "héllo wörld", "=?UTF-8?B?w6k=?=",
    ];

    private static readonly string[] Bodies =
    [
        "",
        "<Delete><Object><Key>k</Key></Object><Object><Key>../x</Key></Object></Delete>",
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"a54357aff0632cce46d942af68356b38\"</ETag></Part></CompleteMultipartUpload>",
        "<CreateBucketConfiguration><LocationConstraint>garage</LocationConstraint></CreateBucketConfiguration>",
        "<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>",
        "plain body bytes",
    ];

    /// <summary>Sends <paramref name="count"/> requests from <paramref name="seed"/>; fails on the first 500 or silent close.</summary>
    public async Task RunAsync(int seed, int count)
    {
        var m = new Mutator(seed);
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            var (request, shown) = Next(m);
            var response = await RawHttp.SendAsync(server, request);
            Assert.True(
                response.Status is not (0 or >= 500 and not 501 and not 503),
                $"seed {seed}, request {i} answered {response.Status}:\n{Mutator.Show(shown)}\n--- answer:\n{response}");
            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
        }

        // Requests that only ever bounce off the front door would test nothing behind it: enough must reach a handler.
        Assert.True(
            statuses.Where(s => s.Key is < 300 or 304 or 404 or 412 or 416).Sum(s => s.Value) >= count / 20,
            "too few requests reached a handler: " + string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));

        // Still alive and still answering a plain request.
        var alive = RawHttp.Signed(server, "GET", "/" + bucket + "/alive-check", [], new Dictionary<string, string>(), [], [], TestSigner.EmptyHash, keyId, secret);
        var check = await RawHttp.SendAsync(server, alive);
        Assert.True(check.Status is 200 or 404, $"after the fuzz, a plain GET got {check}");
    }

    private (byte[] Request, string Shown) Next(Mutator m)
    {
        var method = m.Chance(90) ? m.Pick(Methods) : m.Mutate("GET").Replace(" ", string.Empty, StringComparison.Ordinal);
        var bucketName = m.Next(10) switch
        {
            0 => string.Empty,
            1 => m.Pick(["..", "BKT", "a", new string('b', 70), "bkt..x", "-bkt", "192.168.1.1", "%2e%2e"]),
            2 => m.Mutate(bucket),
            _ => bucket,
        };
        var key = m.Next(4) switch
        {
            0 => null,
            1 => m.Mutate(m.Pick(Keys)),
            2 when m.Chance(10) => new string('k', 1100),
            _ => m.Pick(Keys),
        };
        var clean = m.Chance(70);
        var path = "/" + Segment(bucketName, clean) + (key is null ? string.Empty : "/" + string.Join('/', key.Split('/').Select(s => Segment(s, clean))));

        var query = new List<(string Name, string Value)>();
        for (var n = m.Next(4); n > 0; n--)
        {
            var name = m.Pick(QueryNames);
            var value = m.Next(3) switch { 0 => string.Empty, 1 => m.Number(), _ => m.Mutate(m.Pick(["2", "abc", "url", "text/plain", "a/b"])) };
            query.Add((name, value));
            if (m.Chance(10))
            {
                query.Add((name, m.Number()));
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var n = m.Next(4); n > 0; n--)
        {
            var value = m.Chance(60) ? m.Pick(HeaderSeeds) : m.Mutate(m.Pick(HeaderSeeds));
            headers[m.Pick(HeaderNames)] = m.Chance(3) ? new string('h', 9000) : HeaderSafe(value);
        }

        var body = method is "PUT" or "POST" || m.Chance(5)
            ? Encoding.UTF8.GetBytes(m.Chance(50) ? m.Pick(Bodies) : m.Mutate(m.Pick(Bodies)))
            : [];
        var rawQuery = string.Join('&', query.Select(q => TestSigner.Encode(q.Name) + (q.Value.Length > 0 || m.Chance(50) ? "=" + TestSigner.Encode(q.Value) : string.Empty)));
        var target = path + (rawQuery.Length > 0 ? "?" + rawQuery : string.Empty);
        var length = body.Length.ToString(CultureInfo.InvariantCulture);
        var unsigned = new List<(string, string)> { ("Content-Length", length) };

        byte[] request;
        switch (m.Next(10))
        {
            case 0:
                // No credentials at all, or a broken Authorization.
                var auth = m.Pick([string.Empty, "AWS4-HMAC-SHA256", "AWS AKID:sig", m.Mutate("AWS4-HMAC-SHA256 Credential=GK/20130524/garage/s3/aws4_request, SignedHeaders=host, Signature=00")]);
                var text = $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\n" + (auth.Length > 0 ? $"Authorization: {HeaderSafe(auth)}\r\n" : string.Empty)
                    + $"Content-Length: {length}\r\nConnection: close\r\n\r\n";
                request = [.. Encoding.UTF8.GetBytes(text), .. body];
                break;
            case 1:
                // Two Authorization headers.
                request = RawHttp.Signed(server, method, target, query.ToArray(), headers, [.. unsigned, ("Authorization", "AWS4-HMAC-SHA256 Credential=x")], body, TestSigner.Sha256Hex(body), keyId, secret);
                break;
            default:
                var payloadHash = m.Chance(80) ? TestSigner.Sha256Hex(body) : m.Pick(["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", TestSigner.EmptyHash]);
                request = RawHttp.Signed(server, method, target, query.ToArray(), headers, unsigned, body, payloadHash, keyId, secret);
                break;
        }

        var shown = Encoding.UTF8.GetString(request);
        return (request, shown.Length > 4000 ? shown[..4000] + "…" : shown);
    }

    /// <summary>A path segment as SDKs encode it (clean), or with only what would break the request line escaped.</summary>
    private static string Segment(string value, bool clean)
    {
        if (clean)
        {
            return TestSigner.Encode(value);
        }

        var s = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            s.Append(b is > 0x20 and < 0x7F and not (byte)'?' and not (byte)'#' ? ((char)b).ToString() : $"%{b:X2}");
        }

        return s.ToString();
    }

    /// <summary>A header value that cannot end the header early (our own framing must stay intact).</summary>
    private static string HeaderSafe(string value) => value.Replace('\r', ' ').Replace('\n', ' ');
}
