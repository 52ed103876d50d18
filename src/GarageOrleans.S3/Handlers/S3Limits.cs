namespace GarageOrleans.S3.Handlers;

/// <summary>The limits AWS S3 enforces and that clients rely on (documented in the S3 user guide).</summary>
internal static class S3Limits
{
    /// <summary>Largest single PUT (and part, and copy source) AWS accepts: 5 GiB.</summary>
    public const long MaxSinglePutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>Objects smaller than this live inside the object row (Garage's INLINE_THRESHOLD).</summary>
    public const int InlineThresholdBytes = 3072;

    /// <summary>Object keys are at most 1024 bytes of UTF-8.</summary>
    public const int MaxKeyBytes = 1024;

    public const int MaxPartNumber = 10_000;

    /// <summary>Page size cap of every listing (objects, uploads, parts) and of DeleteObjects.</summary>
    public const int MaxPageSize = 1000;
}
