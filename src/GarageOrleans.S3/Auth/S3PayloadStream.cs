using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// The request body as handlers read it: aws-chunked decoded when needed, and verified. Reading the end of the
/// payload runs every check (length, x-amz-content-sha256, chunk and trailer signatures, Content-MD5, checksums)
/// and throws <see cref="S3Exception"/> from that read on a mismatch. Read-only, forward-only, bounded memory.
/// </summary>
internal sealed partial class S3PayloadStream : Stream
{
    private readonly Stream _inner;
    private readonly AwsChunkedReader? _chunked;
    private readonly ChunkSignatureChain? _chain;
    private readonly PayloadVerifier _verifier;
    private readonly long? _declaredLength;
    private readonly IDictionary<string, string> _checksums;
    private readonly S3PayloadDigest _digest;
    private S3Exception? _failure;
    private bool _finished;

    private S3PayloadStream(
        Stream inner,
        AwsChunkedReader? chunked,
        ChunkSignatureChain? chain,
        PayloadVerifier verifier,
        long? declaredLength,
        IDictionary<string, string> checksums,
        S3PayloadDigest digest)
    {
        _inner = inner;
        _chunked = chunked;
        _chain = chain;
        _verifier = verifier;
        _declaredLength = declaredLength;
        _checksums = checksums;
        _digest = digest;
    }

    /// <summary>Length of the decoded payload when the client declared it.</summary>
    public long? DeclaredLength => _declaredLength;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _digest.Length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_finished || buffer.IsEmpty)
        {
            return 0;
        }

        try
        {
            var n = _chunked is null
                ? await _inner.ReadAsync(buffer, cancellationToken)
                : await _chunked.ReadAsync(buffer, cancellationToken);
            if (n > 0)
            {
                _verifier.Append(buffer.Span[..n]);
                _digest.Length += n;
                if (_digest.Length > _declaredLength)
                {
                    throw new S3Exception(S3ErrorCode.InvalidRequest, "The body is longer than its declared length.");
                }

                return n;
            }

            if (_digest.Length < _declaredLength)
            {
                throw new S3Exception(S3ErrorCode.IncompleteBody);
            }

            var md5 = _verifier.Finish(_chunked?.Trailers ?? [], _checksums);
            _finished = true;
            _digest.Complete(md5);
            return 0;
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own framing: a body shorter than Content-Length, or one that arrives too slowly.
            _failure = new S3Exception(ex.StatusCode == StatusCodes.Status408RequestTimeout ? S3ErrorCode.RequestTimeout : S3ErrorCode.IncompleteBody);
            throw _failure;
        }
        catch (S3Exception ex)
        {
            _failure = ex;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Synchronous reads block on the asynchronous path; handlers should read asynchronously.</summary>
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunked?.Dispose();
            _chain?.Dispose();
            _verifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
