using System.Security.Cryptography;
using System.Text;
using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Tests;

/// <summary>
/// aws-chunked decoding and payload verification, with the examples of
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and sigv4-streaming-trailers.html.
/// </summary>
public sealed class S3PayloadStreamTests
{
    private const string Scope = "20130524/us-east-1/s3/aws4_request";
    private const string Timestamp = "20130524T000000Z";
    private static readonly byte[] DocPayload = Enumerable.Repeat((byte)'a', 66560).ToArray();
    private static readonly byte[] SigningKey = TestSigner.SigningKey(FakeKeys.AwsExampleSecret, "20130524", "us-east-1");

    [Fact]
    public async Task StreamingExample_SeedAndThreeChunkSignatures_Verify()
    {
        var fx = new SigV4Fixture();
        var headers = new HeaderDictionary
        {
            ["Host"] = "s3.amazonaws.com",
            ["x-amz-date"] = Timestamp,
            ["x-amz-storage-class"] = "REDUCED_REDUNDANCY",
            ["x-amz-content-sha256"] = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            ["Content-Encoding"] = "aws-chunked",
            ["x-amz-decoded-content-length"] = "66560",
            ["Content-Length"] = "66824",
            ["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
        };
        var auth = await fx.VerifyAsync("PUT", "/examplebucket/chunkObject.txt", headers, body: true);
        var body = Chunks(
            ("10000", "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648", 65536),
            ("400", "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497", 1024),
            ("0", "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", 0));
        Assert.Equal(66824, body.Length);

        var (data, digest, _) = await ReadAllAsync(body, headers, auth);

        Assert.Equal(DocPayload, data);
        Assert.Equal(MD5.HashData(DocPayload), digest.Md5);
    }

    [Fact]
    public async Task StreamingExample_ChangedDataByte_IsSignatureDoesNotMatch()
    {
        var body = Chunks(
            ("10000", "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648", 65536),
            ("400", "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497", 1024),
            ("0", "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", 0));
        body[1000] = (byte)'b';

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, StreamingHeaders(), Auth(PayloadMode.StreamingSigned, DocSeed)));

        Assert.Equal(S3ErrorCode.SignatureDoesNotMatch, error.Code);
    }

    [Fact]
    public async Task TrailerExample_ChunksAndTrailerSignature_VerifyAndReportCrc32C()
    {
        var body = Chunks(
            ("10000", "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2", 65536),
            ("400", "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7", 1024),
            ("0", "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992", -1))
            .Concat(Encoding.ASCII.GetBytes("x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n"))
            .ToArray();
        var headers = StreamingHeaders();
        headers["x-amz-trailer"] = "x-amz-checksum-crc32c";

        var (data, _, checksums) = await ReadAllAsync(body, headers, Auth(PayloadMode.StreamingSignedTrailer, TrailerSeed));

        Assert.Equal(DocPayload, data);
        Assert.Equal("sOO8/Q==", checksums["crc32c"]);
    }

    [Theory]
    [InlineData("sOO8/Q==", "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e436", S3ErrorCode.SignatureDoesNotMatch)]
    [InlineData("sOO8/A==", "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435", S3ErrorCode.SignatureDoesNotMatch)]
    public async Task TrailerExample_Tampered_IsRejected(string crc, string signature, S3ErrorCode code)
    {
        var body = Chunks(
            ("10000", "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2", 65536),
            ("400", "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7", 1024),
            ("0", "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992", -1))
            .Concat(Encoding.ASCII.GetBytes($"x-amz-checksum-crc32c:{crc}\r\nx-amz-trailer-signature:{signature}\r\n\r\n"))
            .ToArray();
        var headers = StreamingHeaders();
        headers["x-amz-trailer"] = "x-amz-checksum-crc32c";

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, headers, Auth(PayloadMode.StreamingSignedTrailer, TrailerSeed)));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task SignedTrailer_WrongChecksumButValidSignature_IsBadDigest()
    {
        var payload = RandomBytes(100_000);
        var body = TestSigner.SignedChunks(payload, 65536, DocSeed, SigningKey, Timestamp, Scope, [("x-amz-checksum-crc32", "AAAAAA==")]);
        var headers = StreamingHeaders(payload.Length);
        headers["x-amz-trailer"] = "x-amz-checksum-crc32";

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, headers, Auth(PayloadMode.StreamingSignedTrailer, DocSeed)));

        Assert.Equal(S3ErrorCode.BadDigest, error.Code);
    }

    [Theory]
    [InlineData(S3ChecksumAlgorithm.Crc32)]
    [InlineData(S3ChecksumAlgorithm.Crc32C)]
    [InlineData(S3ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(S3ChecksumAlgorithm.Sha1)]
    [InlineData(S3ChecksumAlgorithm.Sha256)]
    public async Task SignedChunks_RoundTripWithEveryTrailerChecksum(S3ChecksumAlgorithm algorithm)
    {
        var payload = RandomBytes(200_003);
        var expected = Convert.ToBase64String(ReferenceChecksum(algorithm, payload));
        var header = S3Checksums.HeaderOf(algorithm);
        var body = TestSigner.SignedChunks(payload, 8192 * 3, DocSeed, SigningKey, Timestamp, Scope, [(header, expected)]);
        var headers = StreamingHeaders(payload.Length);
        headers["x-amz-trailer"] = header;

        var (data, digest, checksums) = await ReadAllAsync(body, headers, Auth(PayloadMode.StreamingSignedTrailer, DocSeed), readSize: 1000);

        Assert.Equal(payload, data);
        Assert.Equal(expected, checksums[S3Checksums.NameOf(algorithm)]);
        Assert.Equal(MD5.HashData(payload), digest.Md5);
    }

    [Fact]
    public async Task UnsignedTrailer_DecodesAndVerifiesCrc32()
    {
        var payload = RandomBytes(70_000);
        var crc = Convert.ToBase64String(ReferenceChecksum(S3ChecksumAlgorithm.Crc32, payload));
        var body = TestSigner.UnsignedChunks(payload, 65536, [("x-amz-checksum-crc32", crc)]);
        var headers = StreamingHeaders(payload.Length);
        headers["x-amz-trailer"] = "x-amz-checksum-crc32";

        var (data, _, checksums) = await ReadAllAsync(body, headers, Auth(PayloadMode.StreamingUnsignedTrailer, null));

        Assert.Equal(payload, data);
        Assert.Equal(crc, checksums["crc32"]);
    }

    [Fact]
    public async Task UnsignedTrailer_ChangedDataByte_IsBadDigest()
    {
        var payload = RandomBytes(70_000);
        var crc = Convert.ToBase64String(ReferenceChecksum(S3ChecksumAlgorithm.Crc32, payload));
        var body = TestSigner.UnsignedChunks(payload, 65536, [("x-amz-checksum-crc32", crc)]);
        body[100] ^= 1;
        var headers = StreamingHeaders(payload.Length);
        headers["x-amz-trailer"] = "x-amz-checksum-crc32";

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, headers, Auth(PayloadMode.StreamingUnsignedTrailer, null)));

        Assert.Equal(S3ErrorCode.BadDigest, error.Code);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(65536 + 40)]
    [InlineData(66000)]
    public async Task SignedChunks_TruncatedBody_IsIncompleteBody(int keep)
    {
        var payload = RandomBytes(70_000);
        var body = TestSigner.SignedChunks(payload, 65536, DocSeed, SigningKey, Timestamp, Scope);

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body[..keep], StreamingHeaders(payload.Length), Auth(PayloadMode.StreamingSigned, DocSeed)));

        Assert.Equal(S3ErrorCode.IncompleteBody, error.Code);
    }

    [Theory]
    [InlineData("zz;chunk-signature=")]
    [InlineData("10000000000000000;chunk-signature=")]
    public async Task SignedChunks_BadSizeSyntax_IsInvalidChunkSizeError(string header)
    {
        var body = Encoding.ASCII.GetBytes(header + new string('0', 64) + "\r\n");

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, StreamingHeaders(1), Auth(PayloadMode.StreamingSigned, DocSeed)));

        Assert.Equal(S3ErrorCode.InvalidChunkSizeError, error.Code);
    }

    [Fact]
    public async Task SignedChunks_MissingChunkSignature_IsSignatureDoesNotMatch()
    {
        var body = Encoding.ASCII.GetBytes("3\r\nabc\r\n0\r\n\r\n");

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, StreamingHeaders(3), Auth(PayloadMode.StreamingSigned, DocSeed)));

        Assert.Equal(S3ErrorCode.SignatureDoesNotMatch, error.Code);
    }

    [Fact]
    public async Task SignedChunks_DataLongerThanSize_IsInvalidChunkSizeError()
    {
        var body = TestSigner.UnsignedChunks(Encoding.ASCII.GetBytes("abcd"), 4, []);
        body[0] = (byte)'3';

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, StreamingHeaders(4), Auth(PayloadMode.StreamingUnsignedTrailer, null)));

        Assert.Equal(S3ErrorCode.InvalidChunkSizeError, error.Code);
    }

    [Fact]
    public async Task SignedChunks_DecodedLengthLargerThanData_IsIncompleteBody()
    {
        var payload = RandomBytes(1000);
        var body = TestSigner.SignedChunks(payload, 512, DocSeed, SigningKey, Timestamp, Scope);

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body, StreamingHeaders(1001), Auth(PayloadMode.StreamingSigned, DocSeed)));

        Assert.Equal(S3ErrorCode.IncompleteBody, error.Code);
    }

    [Fact]
    public async Task Sha256Mode_Mismatch_IsXAmzContentSHA256Mismatch()
    {
        var payload = Encoding.ASCII.GetBytes("Welcome to Amazon S3.");
        var auth = new S3AuthResult(FakeKeys.AwsExample, PayloadMode.Sha256, SHA256.HashData(payload), null);

        var ok = await ReadAllAsync(payload, new HeaderDictionary(), auth);
        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(Encoding.ASCII.GetBytes("Welcome to Amazon S4."), new HeaderDictionary(), auth));

        Assert.Equal(payload, ok.Data);
        Assert.Equal(S3ErrorCode.XAmzContentSHA256Mismatch, error.Code);
    }

    [Fact]
    public async Task ContentMd5_MatchingWrongAndMalformed()
    {
        var payload = Encoding.ASCII.GetBytes("hello");
        var unsigned = Auth(PayloadMode.Unsigned, null);

        await ReadAllAsync(payload, new HeaderDictionary { ["Content-MD5"] = Convert.ToBase64String(MD5.HashData(payload)) }, unsigned);
        var wrong = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(payload, new HeaderDictionary { ["Content-MD5"] = Convert.ToBase64String(new byte[16]) }, unsigned));
        var malformed = Assert.Throws<S3Exception>(() => Create(payload, new HeaderDictionary { ["Content-MD5"] = "not-md5" }, unsigned));

        Assert.Equal(S3ErrorCode.BadDigest, wrong.Code);
        Assert.Equal(S3ErrorCode.InvalidDigest, malformed.Code);
    }

    [Fact]
    public async Task HeaderChecksum_VerifiedAtEnd_EmptyValueIgnored()
    {
        var payload = RandomBytes(5000);
        var sha1 = Convert.ToBase64String(SHA1.HashData(payload));
        var unsigned = Auth(PayloadMode.Unsigned, null);

        var (_, _, checksums) = await ReadAllAsync(payload, new HeaderDictionary { ["x-amz-checksum-sha1"] = sha1, ["x-amz-checksum-crc32"] = "" }, unsigned);
        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(payload, new HeaderDictionary { ["x-amz-checksum-sha1"] = Convert.ToBase64String(new byte[20]) }, unsigned));

        Assert.Equal(sha1, Assert.Single(checksums).Value);
        Assert.Equal(S3ErrorCode.BadDigest, error.Code);
    }

    [Fact]
    public void Digest_BeforeEndOfBody_Throws()
    {
        var digest = new S3PayloadDigest();

        Assert.Throws<InvalidOperationException>(() => digest.Md5);
    }

    [Fact]
    public async Task FailureIsSticky_LaterReadsThrowAgain()
    {
        var payload = Encoding.ASCII.GetBytes("abc");
        var auth = new S3AuthResult(FakeKeys.AwsExample, PayloadMode.Sha256, new byte[32], null);
        await using var stream = Create(payload, new HeaderDictionary(), auth).Stream;
        var buffer = new byte[16];
        Assert.Equal(3, await stream.ReadAsync(buffer));

        await Assert.ThrowsAsync<S3Exception>(() => stream.ReadAsync(buffer).AsTask());
        await Assert.ThrowsAsync<S3Exception>(() => stream.ReadAsync(buffer).AsTask());
    }

    private const string DocSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private const string TrailerSeed = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";

    private static S3AuthResult Auth(PayloadMode mode, string? seed) =>
        new(FakeKeys.AwsExample, mode, null, seed is null ? null : new SigningContext(SigningKey, Timestamp, Scope, seed));

    private static HeaderDictionary StreamingHeaders(long length = 66560) => new()
    {
        ["Content-Encoding"] = "aws-chunked",
        ["x-amz-decoded-content-length"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Doc-style body; a data length of -1 writes the final chunk header without its closing CRLF (trailers follow).</summary>
    private static byte[] Chunks(params (string Size, string Signature, int Length)[] chunks)
    {
        using var ms = new MemoryStream();
        foreach (var (size, signature, length) in chunks)
        {
            ms.Write(Encoding.ASCII.GetBytes($"{size};chunk-signature={signature}\r\n"));
            if (length >= 0)
            {
                ms.Write(DocPayload.AsSpan(0, length));
                ms.Write("\r\n"u8);
            }
        }

        return ms.ToArray();
    }

    private static (S3PayloadStream Stream, Dictionary<string, string> Checksums, S3PayloadDigest Digest) Create(byte[] body, HeaderDictionary headers, S3AuthResult auth)
    {
        var checksums = new Dictionary<string, string>();
        var digest = new S3PayloadDigest();
        var stream = S3PayloadStream.Create(new TrickleStream(body), headers, body.Length, auth, checksums, digest);
        return (stream, checksums, digest);
    }

    private static async Task<(byte[] Data, S3PayloadDigest Digest, Dictionary<string, string> Checksums)> ReadAllAsync(
        byte[] body, HeaderDictionary headers, S3AuthResult auth, int readSize = 65536)
    {
        var (stream, checksums, digest) = Create(body, headers, auth);
        await using (stream)
        {
            using var output = new MemoryStream();
            var buffer = new byte[readSize];
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
            }

            Assert.True(digest.IsComplete);
            return (output.ToArray(), digest, checksums);
        }
    }

    internal static byte[] ReferenceChecksum(S3ChecksumAlgorithm algorithm, byte[] data)
    {
        switch (algorithm)
        {
            case S3ChecksumAlgorithm.Crc32:
                var crc32 = System.IO.Hashing.Crc32.HashToUInt32(data);
                return BitConverter.GetBytes(crc32).Reverse().ToArray();
            case S3ChecksumAlgorithm.Crc32C:
                return BitConverter.GetBytes(BitwiseCrc32C(data)).Reverse().ToArray();
            case S3ChecksumAlgorithm.Crc64Nvme:
                return BitConverter.GetBytes(BitwiseCrc64Nvme(data)).Reverse().ToArray();
            case S3ChecksumAlgorithm.Sha1:
                return SHA1.HashData(data);
            default:
                return SHA256.HashData(data);
        }
    }

    /// <summary>Bit-at-a-time reference implementations, independent of the table-driven ones under test.</summary>
    internal static uint BitwiseCrc32C(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    internal static ulong BitwiseCrc64Nvme(byte[] data)
    {
        var crc = ulong.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x9A6C9329AC4BC9B5UL : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(674386).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Returns at most 7000 bytes per read, so chunk headers and data straddle reads as on a real socket.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7000)], cancellationToken);
    }
}
