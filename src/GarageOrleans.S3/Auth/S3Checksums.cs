namespace GarageOrleans.S3.Auth;

/// <summary>Names of the checksum algorithms as they appear in headers, trailers and the context's Checksums map.</summary>
public static class S3Checksums
{
    public const string HeaderPrefix = "x-amz-checksum-";

    public static readonly S3ChecksumAlgorithm[] All =
        [S3ChecksumAlgorithm.Crc32, S3ChecksumAlgorithm.Crc32C, S3ChecksumAlgorithm.Crc64Nvme, S3ChecksumAlgorithm.Sha1, S3ChecksumAlgorithm.Sha256];

    /// <summary>Lower-case name: <c>crc32</c>, <c>crc32c</c>, <c>crc64nvme</c>, <c>sha1</c>, <c>sha256</c>.</summary>
    public static string NameOf(S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.Crc32 => "crc32",
        S3ChecksumAlgorithm.Crc32C => "crc32c",
        S3ChecksumAlgorithm.Crc64Nvme => "crc64nvme",
        S3ChecksumAlgorithm.Sha1 => "sha1",
        S3ChecksumAlgorithm.Sha256 => "sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Header name, e.g. <c>x-amz-checksum-crc32c</c>.</summary>
    public static string HeaderOf(S3ChecksumAlgorithm algorithm) => HeaderPrefix + NameOf(algorithm);

    /// <summary>Parses a name (case-insensitive), with or without the <c>x-amz-checksum-</c> prefix.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out S3ChecksumAlgorithm algorithm)
    {
        name = name.Trim();
        if (name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[HeaderPrefix.Length..];
        }

        foreach (var candidate in All)
        {
            if (name.Equals(NameOf(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    /// <summary>Size of the raw checksum value in bytes.</summary>
    public static int SizeOf(S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.Crc32 or S3ChecksumAlgorithm.Crc32C => 4,
        S3ChecksumAlgorithm.Crc64Nvme => 8,
        S3ChecksumAlgorithm.Sha1 => 20,
        S3ChecksumAlgorithm.Sha256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
