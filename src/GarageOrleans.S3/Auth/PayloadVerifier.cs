using System.Security.Cryptography;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// Hashes the decoded payload as it streams (MD5 always, since it is the ETag; SHA-256 when the client declared it;
/// each checksum the client sent as a header or announced as a trailer) and checks them all once it ends.
/// </summary>
internal sealed class PayloadVerifier : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash? _sha256;
    private readonly byte[]? _expectedSha256;
    private readonly byte[]? _expectedMd5;
    private readonly List<Expected> _checksums;

    public PayloadVerifier(byte[]? expectedSha256, byte[]? expectedMd5, List<Expected> checksums)
    {
        _expectedSha256 = expectedSha256;
        _expectedMd5 = expectedMd5;
        _checksums = checksums;
        if (expectedSha256 is not null)
        {
            _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5.AppendData(data);
        _sha256?.AppendData(data);
        foreach (var c in _checksums)
        {
            c.Hasher.Append(data);
        }
    }

    /// <summary>
    /// Checks everything; on success fills <paramref name="verified"/> (algorithm name → base64) and returns the MD5.
    /// <paramref name="trailers"/> supplies the values of checksums announced in x-amz-trailer.
    /// </summary>
    public byte[] Finish(IReadOnlyList<KeyValuePair<string, string>> trailers, IDictionary<string, string> verified)
    {
        if (_sha256 is not null && !CryptographicOperations.FixedTimeEquals(_sha256.GetHashAndReset(), _expectedSha256))
        {
            throw new S3Exception(S3ErrorCode.XAmzContentSHA256Mismatch);
        }

        var md5 = _md5.GetHashAndReset();
        if (_expectedMd5 is not null && !md5.AsSpan().SequenceEqual(_expectedMd5))
        {
            throw new S3Exception(S3ErrorCode.BadDigest, "The Content-MD5 you specified did not match what we received.");
        }

        foreach (var trailer in trailers)
        {
            if (trailer.Key.StartsWith(S3Checksums.HeaderPrefix, StringComparison.Ordinal)
                && !_checksums.Exists(c => c.FromTrailer && S3Checksums.HeaderOf(c.Hasher.Algorithm) == trailer.Key))
            {
                throw new S3Exception(S3ErrorCode.InvalidRequest, $"The trailer {trailer.Key} was not announced in x-amz-trailer.");
            }
        }

        foreach (var c in _checksums)
        {
            var header = S3Checksums.HeaderOf(c.Hasher.Algorithm);
            var expected = c.Value;
            if (c.FromTrailer)
            {
                var sent = trailers.FirstOrDefault(t => t.Key == header).Value
                    ?? throw new S3Exception(S3ErrorCode.IncompleteBody, $"The trailer {header} announced in x-amz-trailer was not sent.");
                expected = DecodeChecksum(c.Hasher.Algorithm, sent, header);
            }

            var actual = c.Hasher.Finish();
            if (!actual.AsSpan().SequenceEqual(expected))
            {
                throw new S3Exception(S3ErrorCode.BadDigest, $"The {header} you specified did not match the calculated checksum.");
            }

            verified[S3Checksums.NameOf(c.Hasher.Algorithm)] = Convert.ToBase64String(actual);
        }

        return md5;
    }

    /// <summary>Base64 of exactly the algorithm's size, else InvalidRequest.</summary>
    public static byte[] DecodeChecksum(S3ChecksumAlgorithm algorithm, string base64, string header)
    {
        var bytes = new byte[S3Checksums.SizeOf(algorithm)];
        if (!Convert.TryFromBase64String(base64.Trim(), bytes, out var written) || written != bytes.Length)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest, $"Value for {header} header is invalid.");
        }

        return bytes;
    }

    public void Dispose()
    {
        _md5.Dispose();
        _sha256?.Dispose();
        foreach (var c in _checksums)
        {
            c.Hasher.Dispose();
        }
    }

    /// <summary>One checksum to compute: its expected value comes from a header, or from a trailer later.</summary>
    internal sealed record Expected(ChecksumHasher Hasher, byte[]? Value, bool FromTrailer);
}
