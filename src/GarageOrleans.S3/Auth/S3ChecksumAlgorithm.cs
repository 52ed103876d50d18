namespace GarageOrleans.S3.Auth;

/// <summary>The x-amz-checksum-* algorithms. Values are base64 of the big-endian CRC or of the digest.</summary>
public enum S3ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}
