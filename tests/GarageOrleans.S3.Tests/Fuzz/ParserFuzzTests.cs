using System.Text;
using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Handlers;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;
using GarageOrleans.S3.Xml;
using Microsoft.Extensions.Options;

namespace GarageOrleans.S3.Tests.Fuzz;

/// <summary>
/// Every parser that reads client input, fed mutated valid examples: only the documented outcomes may come out (an
/// <see cref="S3Exception"/> with a catalogued client-side code, or the parser's own "invalid" result). Any other
/// exception would reach the pipeline as a 500, so it fails the test with its seed, iteration and input. Seeded and
/// bounded: the whole class runs in a few seconds.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Iterations = 2000;

    private static readonly int[] Seeds = [1, 2, 3];

    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH", "get", "TRACE", "", "G\u00c9T"];

    private static readonly string[] Targets =
    [
        "/", "/bkt", "/bkt/", "/bkt/key", "/bkt/a/b/c.txt", "/bkt/k?uploads", "/bkt?list-type=2&prefix=a&max-keys=10&continuation-token=abc",
        "/bkt/k?partNumber=1&uploadId=abc", "/bkt?delete", "/bkt/k?tagging", "/bkt?location", "/bkt/k?uploadId=x", "/bkt?versions",
        "/bkt/k?acl", "/bkt?uploads&key-marker=a&upload-id-marker=b", "/bkt/%E2%82%AC/x%2Fy?response-content-type=text%2Fplain",
        "/bkt?list-type=2&start-after=a&delimiter=%2F&encoding-type=url", "/bkt/k?x-id=GetObject", "/bkt/k?select&select-type=2",
    ];

    [Fact]
    public void Router_MutatedTargets_OnlyS3Errors()
    {
        var router = new S3Router(Options.Create(new S3ApiOptions { RootDomain = ".s3.garage.localhost" }));
        Run((m, i) =>
        {
            var target = m.Mutate(m.Pick(Targets));
            var method = m.Chance(80) ? m.Pick(Methods) : m.Mutate(m.Pick(Methods));
            var host = m.Next(3) switch { 0 => "127.0.0.1", 1 => m.Mutate("bkt.s3.garage.localhost"), _ => m.Mutate("s3.garage.localhost") };
            var headers = new HeaderDictionary();
            if (m.Chance(30))
            {
                headers["x-amz-copy-source"] = m.Mutate("/src/key?versionId=1");
            }

            Task ActAsync()
            {
                var (path, query) = S3Uri.SplitTarget(target);
                var route = router.Route(method, path, S3Query.Parse(query), host, headers);
                _ = S3Router.AuthorizationOf(route.Operation);
                _ = S3Uri.TryDecode(m.Mutate(path), plusIsSpace: m.Chance(50), out _);
                return Task.CompletedTask;
            }

            return ($"{method} {target} host={host} copy={headers["x-amz-copy-source"]}", ActAsync);
        });
    }

    [Fact]
    public void SigV4_MutatedAuthorizationHeader_OnlyS3Errors()
    {
        var fx = new SigV4Fixture(region: "us-east-1");
        const string Valid = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
        Run((m, i) =>
        {
            var headers = new HeaderDictionary
            {
                ["Host"] = m.Chance(90) ? "examplebucket.s3.amazonaws.com" : m.Mutate("examplebucket.s3.amazonaws.com"),
                ["Range"] = m.Chance(90) ? "bytes=0-9" : m.Mutate("bytes=0-9"),
                ["x-amz-content-sha256"] = m.Chance(70) ? TestSigner.EmptyHash : m.Mutate(m.Pick(["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", TestSigner.EmptyHash])),
                ["Authorization"] = m.Mutate(Valid),
            };
            if (m.Chance(80))
            {
                headers["x-amz-date"] = m.Chance(50) ? "20130524T000000Z" : m.Mutate("20130524T000000Z");
            }

            if (m.Chance(30))
            {
                headers["Date"] = m.Mutate("Fri, 24 May 2013 00:00:00 GMT");
            }

            if (m.Chance(10))
            {
                headers["x-amz-meta-extra"] = m.NastyPiece();
            }

            var target = m.Chance(80) ? "/test.txt" : m.Mutate("/test.txt?a=b");
            var body = m.Chance(50);
            return ($"{target} {string.Join(" | ", headers.Select(h => h.Key + ": " + Mutator.Show(h.Value.ToString())))}", () => fx.VerifyAsync("GET", target, headers, body));
        });
    }

    [Fact]
    public void SigV4_MutatedPresignedQuery_OnlyS3Errors()
    {
        var fx = new SigV4Fixture(region: "us-east-1");
        const string Valid = "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        Run((m, i) =>
        {
            var target = m.Mutate(Valid);
            if (m.Chance(20))
            {
                target = target.Replace("86400", m.Number(), StringComparison.Ordinal);
            }

            if (m.Chance(20))
            {
                target = target.Replace("20130524T000000Z", m.Pick(["99991231T235959Z", "00010101T000000Z", "20130524T000000", m.Number()]), StringComparison.Ordinal);
            }

            var headers = new HeaderDictionary { ["Host"] = "examplebucket.s3.amazonaws.com" };
            if (m.Chance(10))
            {
                headers["Authorization"] = m.Mutate("AWS4-HMAC-SHA256 Credential=x");
            }

            return (target, () => fx.VerifyAsync("GET", target, headers));
        });
    }

    [Fact]
    public void AwsChunked_MutatedBodiesAndHeaders_OnlyS3Errors()
    {
        const string Scope = "20130524/us-east-1/s3/aws4_request";
        const string Timestamp = "20130524T000000Z";
        const string Seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
        var signingKey = TestSigner.SigningKey(FakeKeys.AwsExampleSecret, "20130524", "us-east-1");
        var payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("payload-", 40)));
        var crc = Convert.ToBase64String(S3PayloadStreamTests.ReferenceChecksum(S3ChecksumAlgorithm.Crc32, payload));
        var signed = TestSigner.SignedChunks(payload, 100, Seed, signingKey, Timestamp, Scope);
        var signedTrailer = TestSigner.SignedChunks(payload, 100, Seed, signingKey, Timestamp, Scope, [("x-amz-checksum-crc32", crc)]);
        var unsigned = TestSigner.UnsignedChunks(payload, 64, [("x-amz-checksum-crc32", crc)]);
        Run((m, i) =>
        {
            var (mode, valid) = m.Next(3) switch
            {
                0 => (PayloadMode.StreamingSigned, signed),
                1 => (PayloadMode.StreamingSignedTrailer, signedTrailer),
                _ => (PayloadMode.StreamingUnsignedTrailer, unsigned),
            };
            var body = m.Mutate(valid);
            var headers = new HeaderDictionary
            {
                ["Content-Encoding"] = "aws-chunked",
                ["x-amz-decoded-content-length"] = m.Chance(70) ? payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : m.Number(),
            };
            if (mode != PayloadMode.StreamingSigned || m.Chance(10))
            {
                headers["x-amz-trailer"] = m.Chance(80) ? "x-amz-checksum-crc32" : m.Mutate("x-amz-checksum-crc32,x-amz-checksum-sha256");
            }

            if (m.Chance(15))
            {
                headers[m.Pick(["Content-MD5", "x-amz-checksum-crc32", "x-amz-checksum-sha256", "x-amz-checksum-crc64nvme"])] = m.Mutate("AAAAAA==");
            }

            var readSize = m.Pick([1, 7, 100, 4096, 65536]);
            var auth = new S3AuthResult(FakeKeys.AwsExample, mode, null, mode == PayloadMode.StreamingUnsignedTrailer ? null : new SigningContext(signingKey, Timestamp, Scope, Seed));
            async Task ActAsync()
            {
                var checksums = new Dictionary<string, string>();
                await using var stream = S3PayloadStream.Create(new MemoryStream(body), headers, body.Length, auth, checksums, new S3PayloadDigest());
                var buffer = new byte[readSize];
                while (await stream.ReadAsync(buffer) > 0)
                {
                }
            }

            return ($"mode={mode} read={readSize} headers={string.Join(" | ", headers.Select(h => h.Key + ": " + Mutator.Show(h.Value.ToString())))} body={Mutator.Show(body)}", ActAsync);
        });
    }

    [Fact]
    public void XmlBodies_Mutated_OnlyS3Errors()
    {
        string[] valid =
        [
            "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key>b/c</Key><VersionId>v1</VersionId></Object></Delete>",
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"a54357aff0632cce46d942af68356b38\"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>0c78aef83f66abc1fa1e8477f296d394</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></CompleteMultipartUpload>",
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>garage</LocationConstraint></CreateBucketConfiguration>",
        ];
        Run((m, i) =>
        {
            var text = m.Pick(valid);
            if (m.Chance(20))
            {
                text = text.Replace(">1<", ">" + m.Number() + "<", StringComparison.Ordinal);
            }

            var body = m.Chance(50) ? m.Mutate(Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(m.Mutate(text));
            async Task ActAsync()
            {
                await Both(() => RequestXml.ParseDelete(body));
                await Both(() => RequestXml.ParseCompleteMultipartUpload(body));
                await Both(() => RequestXml.ParseCreateBucketConfiguration(body));
                await Both(() => S3XmlReader.ReadDeleteAsync(new MemoryStream(body), CancellationToken.None));
                await Both(() => S3XmlReader.ReadCompleteMultipartUploadAsync(new MemoryStream(body), CancellationToken.None));
                await Both(() => S3XmlReader.ReadCreateBucketConfigurationAsync(new MemoryStream(body), CancellationToken.None));
            }

            return (Mutator.Show(Encoding.UTF8.GetString(body)), ActAsync);
        });
    }

    [Fact]
    public void ByteRange_Mutated_NeverThrowsAndStaysInsideTheObject()
    {
        string[] valid = ["bytes=0-9", "bytes=-5", "bytes=5-", "bytes=99999999999999999999-", "bytes=0-0", "bytes=10-5", "Bytes = 1 - 2"];
        long[] sizes = [0, 1, 10, 1 << 20, long.MaxValue];
        Run((m, i) =>
        {
            var header = m.Mutate(m.Pick(valid));
            var size = m.Pick(sizes);
            Task ActAsync()
            {
                try
                {
                    var range = ByteRange.Parse(header, size);
                    if (range.Kind == ByteRangeKind.Satisfiable)
                    {
                        Assert.True(range.Start >= 0 && range.Length >= 1 && range.Start <= size - range.Length, $"range {range} outside an object of {size} bytes");
                        _ = range.ContentRange(size);
                    }
                }
                catch (S3Exception e)
                {
                    throw new InvalidOperationException("ByteRange.Parse reports invalid ranges by its result, not by throwing", e);
                }

                return Task.CompletedTask;
            }

            return ($"{Mutator.Show(header)} size={size}", ActAsync);
        });
    }

    [Fact]
    public void ConditionalHeaders_Garbage_IsIgnoredNeverThrown()
    {
        Run((m, i) =>
        {
            var headers = new HeaderDictionary
            {
                ["If-Modified-Since"] = m.Mutate("Fri, 24 May 2013 00:00:00 GMT"),
                ["If-Unmodified-Since"] = m.Mutate("Fri, 24 May 2013 00:00:00 GMT"),
                ["If-Match"] = m.Mutate("\"abc\", W/\"def\""),
                ["If-None-Match"] = m.Mutate("*"),
            };
            Task ActAsync()
            {
                try
                {
                    _ = ConditionalRequest.Evaluate(ConditionalHeaders.Of(headers), "abc", DateTimeOffset.UnixEpoch.AddYears(m.Next(60)));
                }
                catch (S3Exception e)
                {
                    throw new InvalidOperationException("preconditions never throw: an unparsable one is ignored", e);
                }

                return Task.CompletedTask;
            }

            return (string.Join(" | ", headers.Select(h => h.Key + ": " + Mutator.Show(h.Value.ToString()))), ActAsync);
        });
    }

    /// <summary>
    /// Runs <see cref="Iterations"/> cases per seed; a case is its description and its action. Also checks that the
    /// mutations leave some inputs valid: a generator whose every input fails at the first check tests nothing deeper.
    /// </summary>
    private static void Run(Func<Mutator, int, (string Input, Func<Task> Act)> makeCase)
    {
        var accepted = 0;
        foreach (var seed in Seeds)
        {
            var m = new Mutator(seed);
            for (var i = 0; i < Iterations; i++)
            {
                var (input, act) = makeCase(m, i);
                Exception? failure;
                try
                {
                    act().GetAwaiter().GetResult();
                    failure = null;
                }
                catch (Exception e)
                {
                    failure = e;
                }

                if (failure is not null && !IsDocumented(failure))
                {
                    Assert.Fail($"seed {seed}, iteration {i}: {failure.GetType().Name}: {failure.Message}\ninput: {input}\n{failure}");
                }

                accepted += failure is null ? 1 : 0;
            }
        }

        Assert.True(accepted > 0, "no generated input was accepted: the mutations are too destructive to reach past the first check");
    }

    private static async Task Both(Func<object?> parse)
    {
        try
        {
            var result = parse();
            if (result is Task task)
            {
                await task;
            }
        }
        catch (S3Exception e) when (IsDocumented(e))
        {
        }
    }

    /// <summary>An S3 error the catalogue knows, and not InternalError (which would be a 500).</summary>
    private static bool IsDocumented(Exception e) =>
        e is S3Exception s3 && s3.Code != S3ErrorCode.InternalError && S3ErrorCatalog.Get(s3.Code).Code == s3.Code.ToString();
}
