using System.Security.Cryptography;
using System.Text;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;
using Microsoft.Extensions.Options;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// Verifies AWS SigV4 (AWS4-HMAC-SHA256) in the Authorization header or in a presigned query. Region: the configured
/// one and <c>us-east-1</c> (the default of most clients) are accepted; any other is AuthorizationHeaderMalformed
/// naming the expected region, so SDKs can redirect themselves.
/// </summary>
/// <remarks>
/// Clock policy (header auth): a request dated more than <see cref="S3ApiOptions.ClockSkew"/> (AWS's 15 minutes by
/// default) ahead of us or behind us is RequestTimeTooSkewed. The window is also how long a captured request can be
/// replayed verbatim, which is why it is AWS's and not longer unless an operator asks. Presigned URLs are bounded by
/// X-Amz-Date + X-Amz-Expires instead, and may not be dated further ahead than the same skew.
/// </remarks>
internal sealed partial class SigV4Verifier
{

    /// <summary>Longest presigned URL validity (7 days), as AWS.</summary>
    public const long MaxPresignExpirySeconds = 604800;

    public const string DefaultRegionAlias = "us-east-1";

    private const string ContentSha256Header = "x-amz-content-sha256";

    private readonly IAccessKeyResolver _keys;
    private readonly TimeProvider _time;
    private readonly string _region;
    private readonly TimeSpan _clockSkew;

    public SigV4Verifier(IAccessKeyResolver keys, IOptions<S3ApiOptions> options, TimeProvider time)
    {
        _keys = keys;
        _time = time;
        _region = options.Value.Region;
        _clockSkew = options.Value.ClockSkew;
    }

    /// <summary>
    /// Verifies the request or throws <see cref="S3Exception"/>: AccessDenied (no credentials, expired presign,
    /// unsigned x-amz-* header), InvalidAccessKeyId, SignatureDoesNotMatch, AuthorizationHeaderMalformed,
    /// AuthorizationQueryParametersError, RequestTimeTooSkewed, InvalidArgument (bad x-amz-content-sha256).
    /// <paramref name="bodyMayBeNonEmpty"/> decides what a missing x-amz-content-sha256 means.
    /// </summary>
    public async Task<S3AuthResult> VerifyAsync(
        string method,
        string rawPath,
        S3Query query,
        IHeaderDictionary headers,
        bool bodyMayBeNonEmpty,
        CancellationToken cancellationToken)
    {
        var request = headers.Authorization.Count > 0
            ? ParseHeaderAuth(headers, query, bodyMayBeNonEmpty)
            : query.Has("X-Amz-Algorithm") || query.Has(SigV4Canonical.PresignSignatureParameter)
                ? ParseQueryAuth(query)
                : throw new S3Exception(S3ErrorCode.AccessDenied, "Anonymous access is not supported: sign the request with AWS Signature Version 4.");

        CheckRegion(request.Region);
        CheckTime(request);
        CheckAllAmzHeadersSigned(headers, request.SignedHeaders);

        var key = await _keys.FindAsync(request.AccessKeyId, cancellationToken)
            ?? throw new S3Exception(S3ErrorCode.InvalidAccessKeyId) { Details = { ["AWSAccessKeyId"] = request.AccessKeyId } };

        var signingKey = SigV4Crypto.DeriveSigningKey(key.SecretAccessKey, request.Date, request.Region);
        var scope = request.Scope;
        var input = new SigV4Input(method, rawPath, query, headers, request.SignedHeaders, request.PayloadHash, request.Timestamp, scope, request.IsPresigned);
        Span<byte> expected = stackalloc byte[SigV4Crypto.HashSize];
        SigV4Canonical.ComputeSignature(input, signingKey, expected);

        Span<byte> provided = stackalloc byte[SigV4Crypto.HashSize];
        if (!SigV4Crypto.TryParseHex(request.Signature, provided) || !CryptographicOperations.FixedTimeEquals(expected, provided))
        {
            throw SignatureMismatch(input, signingKey, key.AccessKeyId);
        }

        byte[]? sha256 = null;
        var mode = request.IsPresigned ? PayloadMode.Unsigned : ParsePayloadMode(request.PayloadHash, out sha256);
        Span<byte> seedHex = stackalloc byte[SigV4Crypto.HexHashSize];
        SigV4Crypto.WriteHexLower(expected, seedHex);
        var signing = mode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer
            ? new SigningContext(signingKey, request.Timestamp, scope, Encoding.ASCII.GetString(seedHex))
            : null;
        return new S3AuthResult(key, mode, sha256, signing);
    }

    private void CheckRegion(string region)
    {
        if (region != _region && region != DefaultRegionAlias)
        {
            throw new S3Exception(
                S3ErrorCode.AuthorizationHeaderMalformed,
                $"The authorization header is malformed; the region '{region}' is wrong; expecting '{_region}'")
            {
                Details = { ["Region"] = _region },
            };
        }
    }

    private void CheckTime(in ParsedAuth request)
    {
        var now = _time.GetUtcNow();
        if (request.IsPresigned)
        {
            if (request.Time - now > _clockSkew)
            {
                throw new S3Exception(S3ErrorCode.AccessDenied, "Request is not valid yet");
            }

            if (now > request.Time.AddSeconds(request.ExpiresSeconds))
            {
                throw new S3Exception(S3ErrorCode.AccessDenied, "Request has expired")
                {
                    Details =
                    {
                        ["X-Amz-Expires"] = request.ExpiresSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["ServerTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    },
                };
            }

            return;
        }

        if ((request.Time - now).Duration() > _clockSkew)
        {
            throw new S3Exception(S3ErrorCode.RequestTimeTooSkewed)
            {
                Details =
                {
                    ["RequestTime"] = request.Timestamp,
                    ["ServerTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                },
            };
        }
    }

    /// <summary>
    /// Every x-amz-* header must be signed (AWS and Garage), otherwise a proxy could add one such as
    /// x-amz-copy-source. x-amz-content-sha256 is exempt, as in Garage (#770): it is verified against the body anyway.
    /// </summary>
    private static void CheckAllAmzHeadersSigned(IHeaderDictionary headers, string signedHeaders)
    {
        foreach (var name in headers.Keys)
        {
            if (!name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                || name.Equals(ContentSha256Header, StringComparison.OrdinalIgnoreCase)
                || IsSigned(signedHeaders, name))
            {
                continue;
            }

            throw new S3Exception(S3ErrorCode.AccessDenied, "There were headers present in the request which were not signed")
            {
                Details = { ["HeadersNotSigned"] = name.ToLowerInvariant() },
            };
        }
    }

    private static bool IsSigned(ReadOnlySpan<char> signedHeaders, ReadOnlySpan<char> name)
    {
        foreach (var range in signedHeaders.Split(';'))
        {
            if (signedHeaders[range].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static PayloadMode ParsePayloadMode(string payloadHash, out byte[]? sha256)
    {
        sha256 = null;
        switch (payloadHash)
        {
            case "UNSIGNED-PAYLOAD":
                return PayloadMode.Unsigned;
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD":
                return PayloadMode.StreamingSigned;
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER":
                return PayloadMode.StreamingSignedTrailer;
            case "STREAMING-UNSIGNED-PAYLOAD-TRAILER":
                return PayloadMode.StreamingUnsignedTrailer;
            case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD" or "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER":
                throw new S3Exception(S3ErrorCode.NotImplemented, "SigV4a (ECDSA) streaming signatures are not supported.");
        }

        var bytes = new byte[SigV4Crypto.HashSize];
        if (SigV4Crypto.TryParseHex(payloadHash, bytes))
        {
            sha256 = bytes;
            return PayloadMode.Sha256;
        }

        throw new S3Exception(
            S3ErrorCode.InvalidArgument,
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER), STREAMING-UNSIGNED-PAYLOAD-TRAILER or a valid sha256 value.")
        {
            Details = { ["ArgumentName"] = ContentSha256Header },
        };
    }

    private static S3Exception SignatureMismatch(in SigV4Input input, byte[] signingKey, string accessKeyId)
    {
        // Recomputed only on failure, to give the client what we signed (as AWS does); never logged.
        var debug = new StringBuilder();
        Span<byte> ignored = stackalloc byte[SigV4Crypto.HashSize];
        SigV4Canonical.ComputeSignature(input, signingKey, ignored, debug);
        var parts = debug.ToString().Split('\0');
        return new S3Exception(S3ErrorCode.SignatureDoesNotMatch)
        {
            Details =
            {
                ["AWSAccessKeyId"] = accessKeyId,
                ["StringToSign"] = parts.Length > 1 ? parts[1] : string.Empty,
                ["CanonicalRequest"] = parts[0],
            },
        };
    }
}
