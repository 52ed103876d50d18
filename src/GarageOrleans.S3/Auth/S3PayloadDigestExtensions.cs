using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Auth;

public static class S3PayloadDigestExtensions
{
    /// <summary>
    /// The digest of this request's decoded payload (MD5 once <see cref="S3RequestContext.Body"/> has been read to
    /// the end). Set by the pipeline as an HttpContext feature.
    /// </summary>
    public static S3PayloadDigest GetPayloadDigest(this S3RequestContext context) =>
        context.Http.Features.Get<S3PayloadDigest>()
            ?? throw new InvalidOperationException("This request did not go through the S3 pipeline.");
}
