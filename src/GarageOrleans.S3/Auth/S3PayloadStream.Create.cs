using System.Globalization;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Auth;

/// <summary>Reading the body's headers into a configured stream: everything malformed is rejected before the handler runs.</summary>
internal sealed partial class S3PayloadStream
{
    private const string DecodedLengthHeader = "x-amz-decoded-content-length";
    private const string TrailerHeader = "x-amz-trailer";

    /// <summary>
    /// Wraps <paramref name="body"/> for the verified request <paramref name="auth"/>. <paramref name="checksums"/>
    /// receives the verified checksums and <paramref name="digest"/> the MD5 when the body ends.
    /// </summary>
    public static S3PayloadStream Create(
        Stream body,
        IHeaderDictionary headers,
        long? contentLength,
        S3AuthResult auth,
        IDictionary<string, string> checksums,
        S3PayloadDigest digest)
    {
        var expectedMd5 = ParseContentMd5(headers);
        var expected = new List<PayloadVerifier.Expected>(1);
        foreach (var algorithm in S3Checksums.All)
        {
            var header = S3Checksums.HeaderOf(algorithm);
            var value = headers[header].ToString();
            if (value.Length > 0)
            {
                // Empty values are ignored, as Garage does (#1116): some clients send the header blank.
                expected.Add(new(new ChecksumHasher(algorithm), PayloadVerifier.DecodeChecksum(algorithm, value, header), FromTrailer: false));
            }
        }

        var chunkedMode = auth.Mode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer;
        var withTrailers = auth.Mode is PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer;
        if (withTrailers)
        {
            AddTrailerChecksums(headers, expected);
        }

        var verifier = new PayloadVerifier(auth.ContentSha256, expectedMd5, expected);
        if (!chunkedMode)
        {
            return new S3PayloadStream(body, null, null, verifier, contentLength, checksums, digest);
        }

        var decodedLength = ParseDecodedLength(headers, required: auth.Mode != PayloadMode.StreamingUnsignedTrailer);
        var chain = auth.Signing is null ? null : new ChunkSignatureChain(auth.Signing);
        var reader = new AwsChunkedReader(body, chain, withTrailers);
        return new S3PayloadStream(body, reader, chain, verifier, decodedLength, checksums, digest);
    }

    private static byte[]? ParseContentMd5(IHeaderDictionary headers)
    {
        var value = headers.ContentMD5.ToString();
        if (value.Length == 0)
        {
            return null;
        }

        var md5 = new byte[16];
        return Convert.TryFromBase64String(value.Trim(), md5, out var written) && written == md5.Length
            ? md5
            : throw new S3Exception(S3ErrorCode.InvalidDigest);
    }

    private static void AddTrailerChecksums(IHeaderDictionary headers, List<PayloadVerifier.Expected> expected)
    {
        foreach (var value in headers[TrailerHeader])
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!part.StartsWith(S3Checksums.HeaderPrefix, StringComparison.OrdinalIgnoreCase)
                    || !S3Checksums.TryParse(part, out var algorithm))
                {
                    throw new S3Exception(S3ErrorCode.InvalidRequest, $"The trailer {part} is not supported; only x-amz-checksum-* trailers are.");
                }

                if (expected.Exists(e => e.Hasher.Algorithm == algorithm))
                {
                    throw new S3Exception(S3ErrorCode.InvalidRequest, $"The checksum {part} is given twice.");
                }

                expected.Add(new(new ChecksumHasher(algorithm), null, FromTrailer: true));
            }
        }
    }

    private static long? ParseDecodedLength(IHeaderDictionary headers, bool required)
    {
        var text = headers[DecodedLengthHeader].ToString();
        if (text.Length == 0)
        {
            return required
                ? throw new S3Exception(S3ErrorCode.MissingContentLength, "A streaming upload must declare x-amz-decoded-content-length.")
                : null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw new S3Exception(S3ErrorCode.InvalidArgument, "x-amz-decoded-content-length must be a non-negative integer.")
            {
                Details = { ["ArgumentName"] = DecodedLengthHeader },
            };
    }
}
