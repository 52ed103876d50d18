namespace GarageOrleans.S3.Errors;

/// <summary>
/// Every S3 error this server answers. <c>S3ErrorCatalog</c> gives each one its XML code, HTTP status and
/// default message; a test checks that no code is missing there.
/// </summary>
public enum S3ErrorCode
{
    // ---- internal ----
    InternalError,
    NotImplemented,
    ServiceUnavailable,
    InsufficientStorage,

    // ---- authentication ----
    AccessDenied,
    InvalidAccessKeyId,
    SignatureDoesNotMatch,
    AuthorizationHeaderMalformed,
    AuthorizationQueryParametersError,
    RequestTimeTooSkewed,
    ExpiredToken,
    MissingSecurityHeader,
    XAmzContentSHA256Mismatch,

    // ---- generic client errors ----
    InvalidArgument,
    InvalidRequest,
    InvalidURI,
    MalformedXML,
    MethodNotAllowed,
    MissingContentLength,
    MissingRequestBodyError,
    IncompleteBody,
    InvalidDigest,
    BadDigest,
    InvalidChunkSizeError,
    EntityTooLarge,
    EntityTooSmall,
    KeyTooLongError,
    MetadataTooLarge,
    InvalidRange,
    PreconditionFailed,
    RequestTimeout,
    InvalidStorageClass,

    // ---- specific conditions ----
    NoSuchBucket,
    NoSuchKey,
    NoSuchUpload,
    InvalidBucketName,
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    InvalidPart,
    InvalidPartOrder,
    InvalidLocationConstraint,
    TooManyBuckets,
}
