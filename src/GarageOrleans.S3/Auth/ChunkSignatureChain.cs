using System.Security.Cryptography;
using System.Text;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// The chained signatures of STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): each chunk signs
/// <c>AWS4-HMAC-SHA256-PAYLOAD\n{time}\n{scope}\n{previous}\n{sha256("")}\n{sha256(chunk)}</c>, starting from the
/// seed (header) signature; the trailer signs <c>AWS4-HMAC-SHA256-TRAILER\n{time}\n{scope}\n{previous}\n{sha256(trailers)}</c>.
/// </summary>
internal sealed class ChunkSignatureChain : IDisposable
{
    private readonly byte[] _signingKey;
    private readonly byte[] _chunkPrefix;
    private readonly byte[] _trailerPrefix;
    private readonly byte[] _previousHex = new byte[SigV4Crypto.HexHashSize];
    private readonly IncrementalHash _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public ChunkSignatureChain(SigningContext signing)
    {
        _signingKey = signing.SigningKey;
        _chunkPrefix = Encoding.ASCII.GetBytes($"AWS4-HMAC-SHA256-PAYLOAD\n{signing.Timestamp}\n{signing.Scope}\n");
        _trailerPrefix = Encoding.ASCII.GetBytes($"AWS4-HMAC-SHA256-TRAILER\n{signing.Timestamp}\n{signing.Scope}\n");
        Encoding.ASCII.GetBytes(signing.SeedSignature, _previousHex);
    }

    public void Append(ReadOnlySpan<byte> data) => _chunkHash.AppendData(data);

    /// <summary>Checks the chunk whose data was appended since the last call; throws SignatureDoesNotMatch.</summary>
    public void VerifyChunk(ReadOnlySpan<byte> providedSignature)
    {
        Span<byte> hash = stackalloc byte[SigV4Crypto.HashSize];
        _chunkHash.GetHashAndReset(hash);
        Span<byte> sts = stackalloc byte[_chunkPrefix.Length + (3 * SigV4Crypto.HexHashSize) + 2];
        _chunkPrefix.CopyTo(sts);
        var at = _chunkPrefix.Length;
        _previousHex.CopyTo(sts[at..]);
        at += SigV4Crypto.HexHashSize;
        sts[at++] = (byte)'\n';
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"u8.CopyTo(sts[at..]);
        at += SigV4Crypto.HexHashSize;
        sts[at++] = (byte)'\n';
        SigV4Crypto.WriteHexLower(hash, sts[at..]);
        Check(sts, providedSignature, "chunk");
    }

    /// <summary>Checks x-amz-trailer-signature over the canonical trailers (<c>name:value\n</c> each).</summary>
    public void VerifyTrailer(ReadOnlySpan<byte> canonicalTrailers, ReadOnlySpan<byte> providedSignature)
    {
        Span<byte> hash = stackalloc byte[SigV4Crypto.HashSize];
        SHA256.HashData(canonicalTrailers, hash);
        Span<byte> sts = stackalloc byte[_trailerPrefix.Length + (2 * SigV4Crypto.HexHashSize) + 1];
        _trailerPrefix.CopyTo(sts);
        var at = _trailerPrefix.Length;
        _previousHex.CopyTo(sts[at..]);
        at += SigV4Crypto.HexHashSize;
        sts[at++] = (byte)'\n';
        SigV4Crypto.WriteHexLower(hash, sts[at..]);
        Check(sts, providedSignature, "trailer");
    }

    public void Dispose() => _chunkHash.Dispose();

    private void Check(ReadOnlySpan<byte> stringToSign, ReadOnlySpan<byte> providedHex, string what)
    {
        Span<byte> expected = stackalloc byte[SigV4Crypto.HashSize];
        HMACSHA256.HashData(_signingKey, stringToSign, expected);
        Span<byte> provided = stackalloc byte[SigV4Crypto.HashSize];
        if (!SigV4Crypto.TryParseHex(providedHex, provided) || !CryptographicOperations.FixedTimeEquals(expected, provided))
        {
            throw new Errors.S3Exception(Errors.S3ErrorCode.SignatureDoesNotMatch, $"The {what} signature we calculated does not match the signature you provided.");
        }

        SigV4Crypto.WriteHexLower(expected, _previousHex);
    }
}
