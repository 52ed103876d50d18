using static GarageOrleans.S3.Errors.S3ErrorCode;

namespace GarageOrleans.S3.Errors;

/// <summary>
/// The one table of S3 errors (MinIO <c>api-errors.go</c>, Garage <c>error.rs</c>). Codes and statuses follow the AWS
/// error list (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); a test checks every
/// <see cref="S3ErrorCode"/> has an entry.
/// </summary>
public static class S3ErrorCatalog
{
    private static readonly S3ErrorInfo[] Table = Build();

    public static S3ErrorInfo Get(S3ErrorCode code)
    {
        var i = (int)code;
        return (uint)i < (uint)Table.Length && Table[i].Code is not null ? Table[i] : Table[(int)InternalError];
    }

    private static S3ErrorInfo[] Build()
    {
        var t = new S3ErrorInfo[Enum.GetValues<S3ErrorCode>().Max(c => (int)c) + 1];
        void Add(S3ErrorCode c, int status, string message) => t[(int)c] = new(c.ToString(), status, message);

        // ---- internal ----
        Add(InternalError, 500, "We encountered an internal error. Please try again.");
        Add(NotImplemented, 501, "A header or query you provided implies functionality that is not implemented.");
        Add(ServiceUnavailable, 503, "The service is temporarily unavailable. Please retry.");
        Add(InsufficientStorage, 507, "The storage node has no room left for this data.");

        // ---- authentication ----
        Add(AccessDenied, 403, "Access Denied");
        Add(InvalidAccessKeyId, 403, "The AWS access key Id you provided does not exist in our records.");
        Add(SignatureDoesNotMatch, 403, "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        Add(AuthorizationHeaderMalformed, 400, "The authorization header is malformed.");
        Add(AuthorizationQueryParametersError, 400, "Error parsing the X-Amz-Credential parameter.");
        Add(RequestTimeTooSkewed, 403, "The difference between the request time and the server's time is too large.");
        Add(ExpiredToken, 400, "The provided token has expired.");
        Add(MissingSecurityHeader, 400, "Your request is missing a required header.");
        Add(XAmzContentSHA256Mismatch, 400, "The provided 'x-amz-content-sha256' header does not match what was computed.");

        // ---- generic client errors ----
        Add(InvalidArgument, 400, "Invalid Argument");
        Add(InvalidRequest, 400, "Invalid Request");
        Add(InvalidURI, 400, "Couldn't parse the specified URI.");
        Add(MalformedXML, 400, "The XML you provided was not well-formed or did not validate against our published schema.");
        Add(MethodNotAllowed, 405, "The specified method is not allowed against this resource.");
        Add(MissingContentLength, 411, "You must provide the Content-Length HTTP header.");
        Add(MissingRequestBodyError, 400, "Request Body is empty.");
        Add(IncompleteBody, 400, "You did not provide the number of bytes specified by the Content-Length HTTP header.");
        Add(InvalidDigest, 400, "The Content-MD5 you specified is not valid.");
        Add(BadDigest, 400, "The Content-MD5 or checksum you specified did not match what we received.");
        Add(InvalidChunkSizeError, 400, "The aws-chunked encoding of the request body is not valid.");
        Add(EntityTooLarge, 400, "Your proposed upload exceeds the maximum allowed object size.");
        Add(EntityTooSmall, 400, "Your proposed upload is smaller than the minimum allowed object size.");
        Add(KeyTooLongError, 400, "Your key is too long.");
        Add(MetadataTooLarge, 400, "Your metadata headers exceed the maximum allowed metadata size.");
        Add(InvalidRange, 416, "The requested range is not satisfiable.");
        Add(PreconditionFailed, 412, "At least one of the preconditions you specified did not hold.");
        Add(RequestTimeout, 400, "Your socket connection to the server was not read from or written to within the timeout period.");
        Add(InvalidStorageClass, 400, "The storage class you specified is not valid.");

        // ---- specific conditions ----
        Add(NoSuchBucket, 404, "The specified bucket does not exist.");
        Add(NoSuchKey, 404, "The specified key does not exist.");
        Add(NoSuchUpload, 404, "The specified multipart upload does not exist. The upload ID might not be valid, or the multipart upload might have been aborted or completed.");
        Add(InvalidBucketName, 400, "The specified bucket is not valid.");
        Add(BucketAlreadyExists, 409, "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.");
        Add(BucketAlreadyOwnedByYou, 409, "The bucket you tried to create already exists, and you own it.");
        Add(BucketNotEmpty, 409, "The bucket you tried to delete is not empty.");
        Add(InvalidPart, 400, "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.");
        Add(InvalidPartOrder, 400, "The list of parts was not in ascending order. Parts must be ordered by part number.");
        Add(InvalidLocationConstraint, 400, "The specified location constraint is not valid.");
        Add(TooManyBuckets, 400, "You have attempted to create more buckets than allowed.");
        return t;
    }
}
