using System.Globalization;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Auth;

/// <summary>Parsing of the Authorization header and of the presigned X-Amz-* query parameters.</summary>
internal sealed partial class SigV4Verifier
{
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private static ParsedAuth ParseHeaderAuth(IHeaderDictionary headers, S3Query query, bool bodyMayBeNonEmpty)
    {
        if (query.Has("X-Amz-Algorithm") || query.Has(SigV4Canonical.PresignSignatureParameter))
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.");
        }

        var value = headers.Authorization.ToString().AsSpan().Trim();
        if (!value.StartsWith(SigV4Crypto.Algorithm + " ", StringComparison.Ordinal))
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }

        string? credential = null, signedHeaders = null, signature = null;
        var fields = value[SigV4Crypto.Algorithm.Length..];
        foreach (var range in fields.Split(','))
        {
            var field = fields[range].Trim();
            var eq = field.IndexOf('=');
            if (eq <= 0)
            {
                throw HeaderMalformed("The authorization header is malformed; each component must be name=value.");
            }

            var name = field[..eq].Trim();
            var v = field[(eq + 1)..].Trim().ToString();
            if (name.SequenceEqual("Credential"))
            {
                credential = v;
            }
            else if (name.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = v;
            }
            else if (name.SequenceEqual("Signature"))
            {
                signature = v;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            throw HeaderMalformed("The authorization header is malformed; it needs Credential, SignedHeaders and Signature.");
        }

        var (accessKeyId, date, region) = ParseCredential(credential, S3ErrorCode.AuthorizationHeaderMalformed);
        var (timestamp, time) = HeaderTime(headers);
        if (!timestamp.AsSpan(0, 8).SequenceEqual(date))
        {
            throw HeaderMalformed($"The authorization header is malformed; Invalid credential date \"{date}\". This date is not the same as X-Amz-Date: \"{timestamp[..8]}\".");
        }

        CheckSignedHeaders(signedHeaders, S3ErrorCode.AuthorizationHeaderMalformed);
        var payloadHash = headers[ContentSha256Header].ToString();
        if (payloadHash.Length == 0)
        {
            // Clients other than S3's sign the body hash without sending it; for an empty body we know it.
            payloadHash = bodyMayBeNonEmpty
                ? throw new S3Exception(S3ErrorCode.InvalidRequest, "Missing required header for this request: x-amz-content-sha256")
                : SigV4Crypto.EmptySha256Hex;
        }

        return new ParsedAuth(accessKeyId, date, region, timestamp, time, signedHeaders, signature, payloadHash, IsPresigned: false, ExpiresSeconds: 0);
    }

    private static ParsedAuth ParseQueryAuth(S3Query query)
    {
        var algorithm = query.Get("X-Amz-Algorithm");
        if (algorithm != SigV4Crypto.Algorithm)
        {
            throw QueryError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".");
        }

        var credential = query.Get("X-Amz-Credential") ?? throw QueryError("Query-string authentication requires the X-Amz-Credential parameter.");
        var amzDate = query.Get("X-Amz-Date") ?? throw QueryError("Query-string authentication requires the X-Amz-Date parameter.");
        var expires = query.Get("X-Amz-Expires") ?? throw QueryError("Query-string authentication requires the X-Amz-Expires parameter.");
        var signedHeaders = query.Get("X-Amz-SignedHeaders") ?? throw QueryError("Query-string authentication requires the X-Amz-SignedHeaders parameter.");
        var signature = query.Get(SigV4Canonical.PresignSignatureParameter) ?? throw QueryError("Query-string authentication requires the X-Amz-Signature parameter.");

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds) || expiresSeconds < 1)
        {
            throw QueryError("X-Amz-Expires should be a number of seconds, at least 1.");
        }

        if (expiresSeconds > MaxPresignExpirySeconds)
        {
            throw QueryError("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }

        var (accessKeyId, date, region) = ParseCredential(credential, S3ErrorCode.AuthorizationQueryParametersError);
        if (!TryParseAmzDate(amzDate, out var time))
        {
            throw QueryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".");
        }

        if (!amzDate.AsSpan(0, 8).SequenceEqual(date))
        {
            throw QueryError($"Invalid credential date \"{date}\". This date is not the same as X-Amz-Date: \"{amzDate[..8]}\".");
        }

        CheckSignedHeaders(signedHeaders, S3ErrorCode.AuthorizationQueryParametersError);
        return new ParsedAuth(accessKeyId, date, region, amzDate, time, signedHeaders, signature, "UNSIGNED-PAYLOAD", IsPresigned: true, expiresSeconds);
    }

    /// <summary><c>AKID/yyyyMMdd/region/s3/aws4_request</c>. The region is checked later, with its own message.</summary>
    private static (string AccessKeyId, string Date, string Region) ParseCredential(string credential, S3ErrorCode code)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0)
        {
            throw new S3Exception(code, $"The credential '{credential}' is malformed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        if (parts[1].Length != 8 || !parts[1].AsSpan().ContainsOnlyDigits())
        {
            throw new S3Exception(code, $"Invalid credential date \"{parts[1]}\".");
        }

        if (parts[3] != SigV4Crypto.Service)
        {
            throw new S3Exception(code, $"The credential is malformed; incorrect service \"{parts[3]}\". This endpoint belongs to \"s3\".");
        }

        if (parts[4] != SigV4Crypto.Terminator)
        {
            throw new S3Exception(code, $"The credential is malformed; incorrect terminal \"{parts[4]}\". This endpoint uses \"aws4_request\".");
        }

        if (parts[2].Length is 0 or > 32)
        {
            throw new S3Exception(code, $"The credential is malformed; invalid region \"{parts[2]}\".");
        }

        return (parts[0], parts[1], parts[2]);
    }

    /// <summary>X-Amz-Date, or else Date (RFC 1123), as the signed timestamp string and the instant.</summary>
    private static (string Timestamp, DateTimeOffset Time) HeaderTime(IHeaderDictionary headers)
    {
        var amzDate = headers["x-amz-date"].ToString();
        if (amzDate.Length > 0)
        {
            return TryParseAmzDate(amzDate, out var t)
                ? (amzDate, t)
                : throw new S3Exception(S3ErrorCode.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
        }

        var date = headers.Date.ToString();
        if (DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return (parsed.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture), parsed);
        }

        throw new S3Exception(S3ErrorCode.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
    }

    private static bool TryParseAmzDate(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(value, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static void CheckSignedHeaders(string signedHeaders, S3ErrorCode code)
    {
        var hasHost = false;
        foreach (var range in signedHeaders.AsSpan().Split(';'))
        {
            var name = signedHeaders.AsSpan()[range];
            if (name.IsEmpty || name.ContainsAnyInRange('A', 'Z'))
            {
                throw new S3Exception(code, "SignedHeaders must be lower-case header names separated by ';'.");
            }

            hasHost |= name.SequenceEqual("host");
        }

        if (!hasHost)
        {
            throw new S3Exception(S3ErrorCode.AccessDenied, "The host header must be signed.");
        }
    }

    private static S3Exception HeaderMalformed(string message) => new(S3ErrorCode.AuthorizationHeaderMalformed, message);

    private static S3Exception QueryError(string message) => new(S3ErrorCode.AuthorizationQueryParametersError, message);

    private readonly record struct ParsedAuth(
        string AccessKeyId,
        string Date,
        string Region,
        string Timestamp,
        DateTimeOffset Time,
        string SignedHeaders,
        string Signature,
        string PayloadHash,
        bool IsPresigned,
        long ExpiresSeconds)
    {
        public string Scope => $"{Date}/{Region}/{SigV4Crypto.Service}/{SigV4Crypto.Terminator}";
    }
}
