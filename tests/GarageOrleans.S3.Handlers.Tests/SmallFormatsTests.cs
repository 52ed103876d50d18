using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Handlers.Tests;

public sealed class MultipartETagTests
{
    [Fact]
    public void Compute_IsMd5OfConcatenatedBinaryMd5s_WithPartCount()
    {
        // md5("hello"), md5("world"); expected value computed independently with Python's hashlib.
        var etag = MultipartETag.Compute(["\"5d41402abc4b2a76b9719d911017c592\"", "7d793037a0760186574b0282f2f435e7"]);
        Assert.Equal("065947336a2f2a95ba8899f3675c3be6-2", etag);
    }

    [Fact]
    public void Compute_RejectsANonMd5ETag()
    {
        Assert.Throws<FormatException>(() => MultipartETag.Compute(["abc"]));
    }
}

public sealed class ContinuationTokenTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("dir/ünï/")]
    [InlineData("key with spaces+plus&amp")]
    public void Token_RoundTrips(string marker)
    {
        var token = ContinuationToken.Encode(marker);
        Assert.True(ContinuationToken.TryDecode(token, out var back));
        Assert.Equal(marker, back);
    }

    [Fact]
    public void Encode_IsBase64OfUtf8()
    {
        Assert.Equal("ZGlyL8O8bsOvLw==", ContinuationToken.Encode("dir/ünï/"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("//79")]
    public void TryDecode_RejectsGarbage(string token)
    {
        Assert.False(ContinuationToken.TryDecode(token, out _));
    }
}

public sealed class S3UrlEncodingTests
{
    [Theory]
    [InlineData("plain/key-1_2.~txt", "plain/key-1_2.~txt")]
    [InlineData("a b+c", "a%20b%2Bc")]
    [InlineData("é/ü", "%C3%A9/%C3%BC")]
    [InlineData("100%&=?#", "100%25%26%3D%3F%23")]
    [InlineData("emoji😀", "emoji%F0%9F%98%80")]
    [InlineData("ctrl\u0001", "ctrl%01")]
    public void Encode_KeepsUnreservedAndSlash_EncodesTheRest(string value, string expected)
    {
        Assert.Equal(expected, S3UrlEncoding.Encode(value));
    }

    [Fact]
    public void EncodeIf_LeavesValueAloneWhenNotRequested()
    {
        Assert.Equal("a b", S3UrlEncoding.EncodeIf(false, "a b"));
        Assert.Null(S3UrlEncoding.EncodeIf(true, null));
    }
}

public sealed class CopySourceTests
{
    [Theory]
    [InlineData("/bkt/a%20b.txt", "bkt", "a b.txt", null)]
    [InlineData("bkt/dir/x", "bkt", "dir/x", null)]
    [InlineData("bkt/dir/x?versionId=abc%3D", "bkt", "dir/x", "abc=")]
    [InlineData("bkt/what%3Fkey", "bkt", "what?key", null)]
    [InlineData("bkt/%C3%A9t%C3%A9+plus", "bkt", "été+plus", null)]
    [InlineData("bkt/a//b/", "bkt", "a//b/", null)]
    public void Parse_SplitsBucketKeyAndVersion(string header, string bucket, string key, string? version)
    {
        var s = CopySource.Parse(header);
        Assert.Equal(bucket, s.Bucket);
        Assert.Equal(key, s.Key);
        Assert.Equal(version, s.VersionId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bkt")]
    [InlineData("/bkt/")]
    [InlineData("//key")]
    public void Parse_WithoutBucketOrKey_IsInvalidArgument(string header)
    {
        var e = Assert.Throws<S3Exception>(() => CopySource.Parse(header));
        Assert.Equal(S3ErrorCode.InvalidArgument, e.Code);
    }
}

public sealed class CopySourceRangeTests
{
    [Fact]
    public void Range_IsInclusive() => Assert.Equal((5L, 10L), MultipartHandlers.CopySourceRange("bytes=5-14", 100));

    [Fact]
    public void NoHeader_IsWholeSource() => Assert.Equal((0L, 100L), MultipartHandlers.CopySourceRange("", 100));

    [Theory]
    [InlineData("bytes=-10")]
    [InlineData("bytes=10-")]
    [InlineData("bytes=0-100")]
    [InlineData("bytes=5-4")]
    [InlineData("0-4")]
    public void OtherForms_AreInvalidArgument(string header)
    {
        var e = Assert.Throws<S3Exception>(() => MultipartHandlers.CopySourceRange(header, 100));
        Assert.Equal(S3ErrorCode.InvalidArgument, e.Code);
    }
}
