using System.Globalization;

namespace GarageOrleans.S3.Handlers;

internal enum ConditionOutcome
{
    Proceed,

    /// <summary>304 for GET/HEAD (a failed If-None-Match or If-Modified-Since).</summary>
    NotModified,

    /// <summary>412 PreconditionFailed.</summary>
    PreconditionFailed,
}

/// <summary>The four precondition headers of a read, as sent (null when absent).</summary>
internal sealed record ConditionalHeaders(string? IfMatch, string? IfUnmodifiedSince, string? IfNoneMatch, string? IfModifiedSince)
{
    public static ConditionalHeaders Of(IHeaderDictionary headers) => new(
        NullIfEmpty(headers.IfMatch.ToString()),
        NullIfEmpty(headers.IfUnmodifiedSince.ToString()),
        NullIfEmpty(headers.IfNoneMatch.ToString()),
        NullIfEmpty(headers.IfModifiedSince.ToString()));

    /// <summary>The x-amz-copy-source-if-* headers of CopyObject and UploadPartCopy.</summary>
    public static ConditionalHeaders OfCopySource(IHeaderDictionary headers) => new(
        NullIfEmpty(headers["x-amz-copy-source-if-match"].ToString()),
        NullIfEmpty(headers["x-amz-copy-source-if-unmodified-since"].ToString()),
        NullIfEmpty(headers["x-amz-copy-source-if-none-match"].ToString()),
        NullIfEmpty(headers["x-amz-copy-source-if-modified-since"].ToString()));

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

/// <summary>
/// Precondition evaluation in the order of RFC 9110 §13.2.2 (formerly RFC 7232 §6), which is also the behaviour AWS
/// documents: If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since. An unparsable date
/// makes its header ignored. Dates compare at one-second precision, the precision of Last-Modified.
/// </summary>
internal static class ConditionalRequest
{
    public static ConditionOutcome Evaluate(ConditionalHeaders headers, string etag, DateTimeOffset lastModified)
    {
        var modified = TruncateToSeconds(lastModified);
        if (headers.IfMatch is not null)
        {
            if (!AnyMatches(headers.IfMatch, etag, weak: false))
            {
                return ConditionOutcome.PreconditionFailed;
            }
        }
        else if (headers.IfUnmodifiedSince is not null && TryParseHttpDate(headers.IfUnmodifiedSince, out var unmodifiedSince)
            && modified > unmodifiedSince)
        {
            return ConditionOutcome.PreconditionFailed;
        }

        if (headers.IfNoneMatch is not null)
        {
            if (AnyMatches(headers.IfNoneMatch, etag, weak: true))
            {
                return ConditionOutcome.NotModified;
            }
        }
        else if (headers.IfModifiedSince is not null && TryParseHttpDate(headers.IfModifiedSince, out var modifiedSince)
            && modified <= modifiedSince)
        {
            return ConditionOutcome.NotModified;
        }

        return ConditionOutcome.Proceed;
    }

    /// <summary>
    /// True when the comma-separated entity-tag list contains <c>*</c> or the object's tag. Strong comparison
    /// (If-Match) never matches a weak tag; weak comparison (If-None-Match) ignores the <c>W/</c> marker.
    /// </summary>
    public static bool AnyMatches(string list, string etag, bool weak)
    {
        var bare = ETagText.Unquote(etag);
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*")
            {
                return true;
            }

            var candidate = raw;
            if (candidate.StartsWith("W/", StringComparison.Ordinal))
            {
                if (!weak)
                {
                    continue;
                }

                candidate = candidate[2..];
            }

            if (string.Equals(ETagText.Unquote(candidate), bare, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] HttpDateFormats =
    [
        "r", // IMF-fixdate (RFC 1123)
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'", // obsolete RFC 850
        "ddd MMM d HH:mm:ss yyyy", // asctime
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", // ISO 8601, which AWS also accepts
    ];

    public static bool TryParseHttpDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(value.Trim(), HttpDateFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out date);

    public static string FormatHttpDate(DateTimeOffset date) => date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
