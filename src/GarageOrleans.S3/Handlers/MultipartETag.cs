using System.Buffers;
using System.Security.Cryptography;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// The ETag of a completed multipart upload as AWS computes it: MD5 of the concatenated binary MD5s of the parts,
/// in hex, followed by "-" and the number of parts. Clients (rclone, s3cmd) recognise multipart objects by it.
/// </summary>
internal static class MultipartETag
{
    public static string Compute(IReadOnlyList<string> partETags)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        Span<byte> digest = stackalloc byte[16];
        foreach (var etag in partETags)
        {
            var hex = ETagText.Unquote(etag);
            if (hex.Length != 32 || Convert.FromHexString(hex, digest, out _, out var written) != OperationStatus.Done || written != 16)
            {
                throw new FormatException("a part ETag must be 32 hexadecimal characters");
            }

            md5.AppendData(digest);
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset()) + "-" + partETags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
