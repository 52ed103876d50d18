namespace GarageOrleans.S3.Xml;

/// <summary>
/// One <c>&lt;Part&gt;</c> of CompleteMultipartUpload, in request order (the handler checks the order and answers
/// InvalidPartOrder). <see cref="ETag"/> is as sent, quotes included. Checksums are base64, null when absent.
/// </summary>
public sealed record S3CompletedPart(
    int PartNumber,
    string ETag,
    string? ChecksumCrc32 = null,
    string? ChecksumCrc32C = null,
    string? ChecksumSha1 = null,
    string? ChecksumSha256 = null,
    string? ChecksumCrc64Nvme = null);
