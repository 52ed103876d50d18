using Amazon.S3.Model;

namespace GarageOrleans.LoadBench;

/// <summary>How PUT bodies are sent.</summary>
internal enum PayloadMode
{
    /// <summary>The SDK's defaults: aws-chunked signed body with a CRC32 trailer over http (what real apps send).</summary>
    Sdk,

    /// <summary>
    /// Checksums only where an operation requires them and no aws-chunked encoding: Content-Length and a payload hash
    /// computed up front (a second read of the body). For reference servers that store aws-chunked bodies verbatim
    /// (s3rver 3.7 does).
    /// </summary>
    Plain,
}

internal static class PayloadModeExtensions
{
    public static PutObjectRequest NewPut(this PayloadMode mode, string bucket, string key, Stream body) => new()
    {
        BucketName = bucket,
        Key = key,
        InputStream = body,
        AutoCloseStream = false,
        UseChunkEncoding = mode == PayloadMode.Sdk,
    };
}
