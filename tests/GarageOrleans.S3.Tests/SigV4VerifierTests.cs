using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Tests;

/// <summary>
/// The "Example Calculations" of https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html and
/// sigv4-query-string-auth.html, then sign/verify round trips and tampering.
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string Credential = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";

    private readonly SigV4Fixture _fx = new();

    [Fact]
    public async Task GetObject_AwsExample_Verifies()
    {
        var headers = new HeaderDictionary
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["Range"] = "bytes=0-9",
            ["x-amz-content-sha256"] = TestSigner.EmptyHash,
            ["x-amz-date"] = "20130524T000000Z",
            ["Authorization"] = $"AWS4-HMAC-SHA256 {Credential},SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        };

        var result = await _fx.VerifyAsync("GET", "/test.txt", headers);

        Assert.Equal(FakeKeys.AwsExampleKeyId, result.AccessKey.AccessKeyId);
        Assert.Equal(PayloadMode.Sha256, result.Mode);
    }

    [Fact]
    public async Task PutObject_AwsExample_VerifiesAndReEncodesDollarInPath()
    {
        var headers = new HeaderDictionary
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["Date"] = "Fri, 24 May 2013 00:00:00 GMT",
            ["x-amz-date"] = "20130524T000000Z",
            ["x-amz-storage-class"] = "REDUCED_REDUNDANCY",
            ["x-amz-content-sha256"] = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
            ["Authorization"] = $"AWS4-HMAC-SHA256 {Credential},SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
        };

        var result = await _fx.VerifyAsync("PUT", "/test$file.text", headers, body: true);

        Assert.Equal(PayloadMode.Sha256, result.Mode);
        Assert.Equal(Convert.FromHexString("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"), result.ContentSha256);
    }

    [Theory]
    [InlineData("/?lifecycle", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")]
    [InlineData("/?max-keys=2&prefix=J", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")]
    [InlineData("/?prefix=J&max-keys=2", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")]
    public async Task BucketGet_AwsExamples_Verify(string target, string signature)
    {
        var headers = new HeaderDictionary
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["x-amz-content-sha256"] = TestSigner.EmptyHash,
            ["x-amz-date"] = "20130524T000000Z",
            ["Authorization"] = $"AWS4-HMAC-SHA256 {Credential},SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature={signature}",
        };

        var result = await _fx.VerifyAsync("GET", target, headers);

        Assert.Equal(FakeKeys.AwsExampleKeyId, result.AccessKey.AccessKeyId);
    }

    [Fact]
    public async Task Presigned_AwsExample_VerifiesWithinItsValidity()
    {
        _fx.Time.Advance(TimeSpan.FromHours(23));
        var headers = new HeaderDictionary { ["Host"] = "examplebucket.s3.amazonaws.com" };

        var result = await _fx.VerifyAsync("GET", PresignedExample, headers);

        Assert.Equal(PayloadMode.Unsigned, result.Mode);
    }

    [Fact]
    public async Task Presigned_AfterExpiry_IsAccessDeniedRequestHasExpired()
    {
        _fx.Time.Advance(TimeSpan.FromSeconds(86401));
        var headers = new HeaderDictionary { ["Host"] = "examplebucket.s3.amazonaws.com" };

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("GET", PresignedExample, headers));

        Assert.Equal(S3ErrorCode.AccessDenied, error.Code);
        Assert.Equal("Request has expired", error.CustomMessage);
    }

    [Fact]
    public async Task Presigned_ExpiresBeyondSevenDays_IsRejected()
    {
        var headers = new HeaderDictionary { ["Host"] = "examplebucket.s3.amazonaws.com" };
        var target = PresignedExample.Replace("X-Amz-Expires=86400", "X-Amz-Expires=604801", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("GET", target, headers));

        Assert.Equal(S3ErrorCode.AuthorizationQueryParametersError, error.Code);
    }

    [Fact]
    public async Task Presigned_TamperedQuery_IsSignatureDoesNotMatch()
    {
        var headers = new HeaderDictionary { ["Host"] = "examplebucket.s3.amazonaws.com" };

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("GET", PresignedExample.Replace("/test.txt", "/test.txu", StringComparison.Ordinal), headers));

        Assert.Equal(S3ErrorCode.SignatureDoesNotMatch, error.Code);
        Assert.Contains("/test.txu", error.Details["CanonicalRequest"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredentials_IsAccessDenied()
    {
        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("GET", "/b/k", new HeaderDictionary { ["Host"] = "h" }));

        Assert.Equal(S3ErrorCode.AccessDenied, error.Code);
    }

    [Fact]
    public async Task SignV4_ThenVerify_RoundTripsWithAwkwardKeyAndQuery()
    {
        var (headers, target) = Signed("PUT", "/bkt/dir//a%2Bb%20c%2Fd~!$", [("prefix", "a b/c"), ("marker", "€"), ("acl", "")], body: true);

        var result = await _fx.VerifyAsync("PUT", target, headers, body: true);

        Assert.Equal(PayloadMode.Unsigned, result.Mode);
    }

    [Theory]
    [InlineData("method")]
    [InlineData("path")]
    [InlineData("query")]
    [InlineData("header")]
    [InlineData("signature")]
    public async Task SignV4_OneChangedByte_IsSignatureDoesNotMatch(string what)
    {
        var (headers, target) = Signed("GET", "/bkt/key", [("prefix", "p")]);
        var method = "GET";
        switch (what)
        {
            case "method": method = "PUT"; break;
            case "path": target = target.Replace("/key", "/kez", StringComparison.Ordinal); break;
            case "query": target = target.Replace("prefix=p", "prefix=q", StringComparison.Ordinal); break;
            case "header": headers["x-amz-meta-color"] = "bluf"; break;
            case "signature":
                var auth = headers["Authorization"].ToString();
                headers["Authorization"] = auth[..^1] + (auth[^1] == '0' ? '1' : '0');
                break;
        }

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync(method, target, headers));

        Assert.Equal(S3ErrorCode.SignatureDoesNotMatch, error.Code);
    }

    [Fact]
    public async Task HeaderValues_AreTrimmedAndInnerWhitespaceCollapsed()
    {
        var (headers, target) = Signed("GET", "/bkt/key", []);
        headers["x-amz-meta-color"] = "  blue   and \t green ";

        var result = await _fx.VerifyAsync("GET", target, headers);

        Assert.NotNull(result);
    }

    [Fact]
    public async Task UnknownKey_IsInvalidAccessKeyId()
    {
        var (headers, target) = Signed("GET", "/bkt/key", [], accessKey: "GKnobody");

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("GET", target, headers));

        Assert.Equal(S3ErrorCode.InvalidAccessKeyId, error.Code);
    }

    [Fact]
    public async Task WrongSecret_IsSignatureDoesNotMatch()
    {
        var (headers, target) = Signed("GET", "/bkt/key", [], secret: "not-the-secret");

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("GET", target, headers));

        Assert.Equal(S3ErrorCode.SignatureDoesNotMatch, error.Code);
    }

    [Theory]
    [InlineData("garage", true)]
    [InlineData("us-east-1", true)]
    [InlineData("eu-west-1", false)]
    public async Task Region_ConfiguredOrUsEast1_IsAccepted(string region, bool accepted)
    {
        var (headers, target) = Signed("GET", "/bkt/key", [], region: region);

        var ex = await Record.ExceptionAsync(() => _fx.VerifyAsync("GET", target, headers));

        if (accepted)
        {
            Assert.Null(ex);
        }
        else
        {
            var error = Assert.IsType<S3Exception>(ex);
            Assert.Equal(S3ErrorCode.AuthorizationHeaderMalformed, error.Code);
            Assert.Contains("'garage'", error.CustomMessage, StringComparison.Ordinal);
            Assert.Equal("garage", error.Details["Region"]);
        }
    }

    [Theory]
    [InlineData(-14, true)]
    [InlineData(-16, false)]
    [InlineData(-24 * 60, false)]
    [InlineData(14, true)]
    [InlineData(16, false)]
    public async Task RequestTime_Within15MinEitherWay_IsAccepted(int minutesFromNow, bool accepted)
    {
        var (headers, target) = Signed("GET", "/bkt/key", [], time: SigV4Fixture.ExampleTime.UtcDateTime.AddMinutes(minutesFromNow));

        var ex = await Record.ExceptionAsync(() => _fx.VerifyAsync("GET", target, headers));

        if (accepted)
        {
            Assert.Null(ex);
        }
        else
        {
            var error = Assert.IsType<S3Exception>(ex);
            Assert.Equal(S3ErrorCode.RequestTimeTooSkewed, error.Code);
            Assert.Equal(403, S3ErrorCatalog.Get(error.Code).StatusCode);
        }
    }

    [Theory]
    [InlineData(-119, true)]
    [InlineData(-121, false)]
    [InlineData(119, true)]
    [InlineData(121, false)]
    public async Task RequestTime_WithConfiguredSkew_UsesIt(int minutesFromNow, bool accepted)
    {
        var fx = new SigV4Fixture(clockSkew: TimeSpan.FromHours(2));
        var (headers, target) = Signed("GET", "/bkt/key", [], time: SigV4Fixture.ExampleTime.UtcDateTime.AddMinutes(minutesFromNow));

        var ex = await Record.ExceptionAsync(() => fx.VerifyAsync("GET", target, headers));

        Assert.Equal(accepted, ex is null);
    }

    [Theory]
    [InlineData(-14, true)]
    [InlineData(-16, false)]
    [InlineData(14, true)]
    [InlineData(16, false)]
    public async Task RequestTime_FromDateHeaderWithoutAmzDate_IsCheckedAlike(int minutesFromNow, bool accepted)
    {
        var when = SigV4Fixture.ExampleTime.UtcDateTime.AddMinutes(minutesFromNow);
        var signed = new Dictionary<string, string>
        {
            ["host"] = "127.0.0.1:3900",
            ["date"] = when.ToString("r", System.Globalization.CultureInfo.InvariantCulture),
            ["x-amz-content-sha256"] = TestSigner.EmptyHash,
        };
        var (_, authorization) = TestSigner.SignHeaders("GET", "/bkt/key", [], signed, TestSigner.EmptyHash, FakeKeys.AwsExampleKeyId, FakeKeys.AwsExampleSecret, "garage", when);
        var headers = new HeaderDictionary { ["Authorization"] = authorization };
        foreach (var (name, value) in signed)
        {
            headers[name] = value;
        }

        var ex = await Record.ExceptionAsync(() => _fx.VerifyAsync("GET", "/bkt/key", headers));

        if (accepted)
        {
            Assert.Null(ex);
        }
        else
        {
            Assert.Equal(S3ErrorCode.RequestTimeTooSkewed, Assert.IsType<S3Exception>(ex).Code);
        }
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(16, false)]
    public async Task Presigned_DatedInTheFuture_IsRefusedBeyondTheSkew(int minutesAhead, bool accepted)
    {
        var fx = new SigV4Fixture(now: SigV4Fixture.ExampleTime.AddMinutes(-minutesAhead));
        var headers = new HeaderDictionary { ["Host"] = "examplebucket.s3.amazonaws.com" };

        var ex = await Record.ExceptionAsync(() => fx.VerifyAsync("GET", PresignedExample, headers));

        if (accepted)
        {
            Assert.Null(ex);
        }
        else
        {
            Assert.Equal(S3ErrorCode.AccessDenied, Assert.IsType<S3Exception>(ex).Code);
        }
    }

    [Fact]
    public async Task UnsignedAmzHeader_IsAccessDenied()
    {
        var (headers, target) = Signed("PUT", "/bkt/key", []);
        headers["x-amz-copy-source"] = "/other/secret";

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("PUT", target, headers));

        Assert.Equal(S3ErrorCode.AccessDenied, error.Code);
        Assert.Equal("x-amz-copy-source", error.Details["HeadersNotSigned"]);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/garage/s3/aws4_request, Signature=00", S3ErrorCode.AuthorizationHeaderMalformed)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/garage/sqs/aws4_request, SignedHeaders=host, Signature=00", S3ErrorCode.AuthorizationHeaderMalformed)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130523/garage/s3/aws4_request, SignedHeaders=host, Signature=00", S3ErrorCode.AuthorizationHeaderMalformed)]
    [InlineData("AWS4-HMAC-SHA256 garbage", S3ErrorCode.AuthorizationHeaderMalformed)]
    [InlineData("AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", S3ErrorCode.InvalidRequest)]
    public async Task MalformedAuthorization_IsRejected(string authorization, S3ErrorCode code)
    {
        var headers = new HeaderDictionary { ["Host"] = "h", ["x-amz-date"] = "20130524T000000Z", ["Authorization"] = authorization };

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("GET", "/b", headers));

        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", nameof(PayloadMode.StreamingSigned))]
    [InlineData("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", nameof(PayloadMode.StreamingSignedTrailer))]
    [InlineData("STREAMING-UNSIGNED-PAYLOAD-TRAILER", nameof(PayloadMode.StreamingUnsignedTrailer))]
    [InlineData("UNSIGNED-PAYLOAD", nameof(PayloadMode.Unsigned))]
    public async Task ContentSha256_SelectsPayloadMode(string contentSha256, string expectedMode)
    {
        var mode = Enum.Parse<PayloadMode>(expectedMode);
        var (headers, target) = Signed("PUT", "/bkt/key", [], body: true, contentSha256: contentSha256);

        var result = await _fx.VerifyAsync("PUT", target, headers, body: true);

        Assert.Equal(mode, result.Mode);
        Assert.Equal(mode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer, result.Signing is not null);
    }

    [Theory]
    [InlineData("STREAMING-UNSIGNED-PAYLOAD", S3ErrorCode.InvalidArgument)]
    [InlineData("abc", S3ErrorCode.InvalidArgument)]
    [InlineData("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", S3ErrorCode.NotImplemented)]
    public async Task ContentSha256_Unsupported_IsRejected(string contentSha256, S3ErrorCode code)
    {
        var (headers, target) = Signed("PUT", "/bkt/key", [], body: true, contentSha256: contentSha256);

        var error = await Assert.ThrowsAsync<S3Exception>(() => _fx.VerifyAsync("PUT", target, headers, body: true));

        Assert.Equal(code, error.Code);
    }

    private const string PresignedExample =
        "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    /// <summary>Signs with <see cref="TestSigner"/>; <paramref name="rawPath"/> is sent as given.</summary>
    private static (HeaderDictionary Headers, string Target) Signed(
        string method,
        string rawPath,
        (string Name, string Value)[] query,
        bool body = false,
        string accessKey = FakeKeys.AwsExampleKeyId,
        string secret = FakeKeys.AwsExampleSecret,
        string region = "garage",
        DateTime? time = null,
        string? contentSha256 = null)
    {
        var when = time ?? SigV4Fixture.ExampleTime.UtcDateTime;
        var signedHeaders = new Dictionary<string, string>
        {
            ["host"] = "127.0.0.1:3900",
            ["x-amz-date"] = when.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["x-amz-content-sha256"] = contentSha256 ?? (body ? "UNSIGNED-PAYLOAD" : TestSigner.EmptyHash),
            ["x-amz-meta-color"] = "blue and green",
        };
        var canonicalUri = string.Join('/', rawPath.Split('/').Select(segment => TestSigner.Encode(Uri.UnescapeDataString(segment))));
        var (_, authorization) = TestSigner.SignHeaders(method, canonicalUri, query, signedHeaders, signedHeaders["x-amz-content-sha256"], accessKey, secret, region, when);
        var headers = new HeaderDictionary();
        foreach (var (name, value) in signedHeaders)
        {
            headers[name] = value;
        }

        headers["Authorization"] = authorization;
        var rawQuery = string.Join('&', query.Select(p => Uri.EscapeDataString(p.Name) + (p.Value.Length > 0 ? "=" + Uri.EscapeDataString(p.Value) : string.Empty)));
        return (headers, rawQuery.Length > 0 ? rawPath + "?" + rawQuery : rawPath);
    }
}
