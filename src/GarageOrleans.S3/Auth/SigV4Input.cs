using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Auth;

/// <summary>Everything the canonical request is made of. <see cref="Scope"/> is <c>date/region/s3/aws4_request</c>.</summary>
internal readonly record struct SigV4Input(
    string Method,
    string RawPath,
    S3Query Query,
    IHeaderDictionary Headers,
    string SignedHeaders,
    string PayloadHash,
    string Timestamp,
    string Scope,
    bool IsPresigned);
