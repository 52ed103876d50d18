using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Auth;

/// <summary>A verified request: its key, and what the body decoder needs to keep verifying the payload.</summary>
/// <param name="AccessKey">The key that signed the request.</param>
/// <param name="Mode">How the body is framed and protected.</param>
/// <param name="ContentSha256">The declared body hash in <see cref="PayloadMode.Sha256"/> mode.</param>
/// <param name="Signing">The signing context for the chunk and trailer signatures of streaming modes.</param>
internal sealed record S3AuthResult(AccessKeyInfo AccessKey, PayloadMode Mode, byte[]? ContentSha256, SigningContext? Signing);

/// <param name="SigningKey">kSigning of the request's date and region.</param>
/// <param name="Timestamp">The request time as signed (<c>yyyyMMddTHHmmssZ</c>).</param>
/// <param name="Scope"><c>date/region/s3/aws4_request</c>.</param>
/// <param name="SeedSignature">The lower-case hex signature of the headers, which the first chunk chains from.</param>
internal sealed record SigningContext(byte[] SigningKey, string Timestamp, string Scope, string SeedSignature);
