using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace GarageOrleans.S3.Auth;

/// <summary>One running x-amz-checksum-* computation over the decoded payload.</summary>
internal sealed class ChecksumHasher : IDisposable
{
    private readonly Crc32? _crc32;
    private readonly IncrementalHash? _digest;
    private uint _crc32c = Crc32C.Initial;
    private ulong _crc64 = Crc64Nvme.Initial;

    public ChecksumHasher(S3ChecksumAlgorithm algorithm)
    {
        Algorithm = algorithm;
        switch (algorithm)
        {
            case S3ChecksumAlgorithm.Crc32:
                _crc32 = new Crc32();
                break;
            case S3ChecksumAlgorithm.Sha1:
                _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                break;
            case S3ChecksumAlgorithm.Sha256:
                _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                break;
        }
    }

    public S3ChecksumAlgorithm Algorithm { get; }

    public void Append(ReadOnlySpan<byte> data)
    {
        switch (Algorithm)
        {
            case S3ChecksumAlgorithm.Crc32:
                _crc32!.Append(data);
                break;
            case S3ChecksumAlgorithm.Crc32C:
                _crc32c = Crc32C.Append(_crc32c, data);
                break;
            case S3ChecksumAlgorithm.Crc64Nvme:
                _crc64 = Crc64Nvme.Append(_crc64, data);
                break;
            default:
                _digest!.AppendData(data);
                break;
        }
    }

    /// <summary>The checksum in its wire form (big-endian CRC or digest bytes).</summary>
    public byte[] Finish()
    {
        var value = new byte[S3Checksums.SizeOf(Algorithm)];
        switch (Algorithm)
        {
            case S3ChecksumAlgorithm.Crc32:
                BinaryPrimitives.WriteUInt32BigEndian(value, _crc32!.GetCurrentHashAsUInt32());
                break;
            case S3ChecksumAlgorithm.Crc32C:
                BinaryPrimitives.WriteUInt32BigEndian(value, Crc32C.Finish(_crc32c));
                break;
            case S3ChecksumAlgorithm.Crc64Nvme:
                BinaryPrimitives.WriteUInt64BigEndian(value, Crc64Nvme.Finish(_crc64));
                break;
            default:
                _digest!.GetHashAndReset(value);
                break;
        }

        return value;
    }

    public void Dispose() => _digest?.Dispose();
}
