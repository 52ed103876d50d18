namespace GarageOrleans.S3.Auth;

/// <summary>How the request body is framed and protected, from x-amz-content-sha256.</summary>
internal enum PayloadMode
{
    /// <summary>UNSIGNED-PAYLOAD, and every presigned request.</summary>
    Unsigned,

    /// <summary>A hex SHA-256 of the whole body, checked when the body ends.</summary>
    Sha256,

    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD: aws-chunked, each chunk signed.</summary>
    StreamingSigned,

    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks, then signed trailers.</summary>
    StreamingSignedTrailer,

    /// <summary>STREAMING-UNSIGNED-PAYLOAD-TRAILER: aws-chunked without signatures, then trailers.</summary>
    StreamingUnsignedTrailer,
}
