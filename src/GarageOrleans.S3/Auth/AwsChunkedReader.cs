using System.Buffers;
using System.Text;
using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// Decodes an aws-chunked body: <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c> …, a zero-size final chunk, then
/// trailers (<c>name:value\r\n</c> … and an empty line). Data goes to the caller as it arrives, without waiting for
/// the end of its chunk, so memory stays at one 64 KiB read buffer whatever the chunk size; a bad chunk signature
/// throws at the end of that chunk, before the end of the body is reported.
/// </summary>
internal sealed class AwsChunkedReader : IDisposable
{
    private const int BufferSizeBytes = 64 * 1024;

    /// <summary>Longest chunk header or trailer line; a real one is about 90 bytes.</summary>
    private const int MaxLineBytes = 4096;

    private const int MaxTrailers = 16;

    /// <summary>Below this, a read is served through our buffer rather than straight into the caller's.</summary>
    private const int DirectReadThresholdBytes = 4096;

    private const string TrailerSignatureName = "x-amz-trailer-signature";

    private readonly Stream _inner;
    private readonly ChunkSignatureChain? _chain;
    private readonly bool _withTrailers;
    private readonly List<KeyValuePair<string, string>> _trailers = [];
    private readonly byte[] _providedSignature = new byte[SigV4Crypto.HexHashSize];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _innerEnded;
    private long _remaining;
    private State _state = State.Header;

    public AwsChunkedReader(Stream inner, ChunkSignatureChain? chain, bool withTrailers)
    {
        _inner = inner;
        _chain = chain;
        _withTrailers = withTrailers;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSizeBytes);
    }

    private enum State
    {
        Header,
        Data,
        Trailers,
        Done,
    }

    /// <summary>Trailers received (x-amz-trailer-signature excluded), names in lower case.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers => _trailers;

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (_state)
            {
                case State.Header:
                    await ReadChunkHeaderAsync(cancellationToken);
                    break;
                case State.Data when _remaining == 0:
                    _chain?.VerifyChunk(_providedSignature);
                    await ExpectCrlfAsync(cancellationToken);
                    _state = State.Header;
                    break;
                case State.Data:
                    return await ReadDataAsync(destination, cancellationToken);
                case State.Trailers:
                    await ReadTrailersAsync(cancellationToken);
                    await ExpectEndAsync(cancellationToken);
                    _state = State.Done;
                    break;
                default:
                    return 0;
            }
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask ReadChunkHeaderAsync(CancellationToken cancellationToken)
    {
        var (start, length) = await ReadLineAsync(cancellationToken) ?? throw Incomplete();
        ParseChunkHeader(_buffer.AsSpan(start, length));
        if (_remaining > 0)
        {
            _state = State.Data;
            return;
        }

        // The zero-size chunk ends the data; it is signed like any other.
        _chain?.VerifyChunk(_providedSignature);
        if (_withTrailers)
        {
            _state = State.Trailers;
            return;
        }

        // The final CRLF; a client that stops right after the last chunk header is tolerated.
        var line = await ReadLineAsync(cancellationToken);
        if (line is { Length: > 0 })
        {
            throw BadFraming("Unexpected data after the final chunk.");
        }

        await ExpectEndAsync(cancellationToken);
        _state = State.Done;
    }

    private void ParseChunkHeader(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var sizeText = semicolon < 0 ? line : line[..semicolon];
        if (sizeText.IsEmpty || sizeText.Length > 15)
        {
            throw BadFraming("Invalid chunk size.");
        }

        long size = 0;
        foreach (var c in sizeText)
        {
            if (!Routing.S3Uri.TryHex((char)c, out var digit))
            {
                throw BadFraming("Invalid chunk size.");
            }

            size = (size << 4) | (uint)digit;
        }

        if (_chain is not null)
        {
            var extension = semicolon < 0 ? [] : line[(semicolon + 1)..];
            if (!extension.StartsWith("chunk-signature="u8) || extension.Length != "chunk-signature=".Length + SigV4Crypto.HexHashSize)
            {
                throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "Each chunk must carry a chunk-signature.");
            }

            extension["chunk-signature=".Length..].CopyTo(_providedSignature);
        }

        _remaining = size;
    }

    private async ValueTask<int> ReadDataAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var want = (int)Math.Min(destination.Length, _remaining);
        if (want == 0)
        {
            return 0;
        }

        int n;
        if (_start < _end)
        {
            n = Math.Min(want, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination.Span);
            _start += n;
        }
        else if (want >= DirectReadThresholdBytes)
        {
            n = await _inner.ReadAsync(destination[..want], cancellationToken);
            if (n == 0)
            {
                throw Incomplete();
            }
        }
        else
        {
            if (!await FillAsync(cancellationToken))
            {
                throw Incomplete();
            }

            n = Math.Min(want, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination.Span);
            _start += n;
        }

        _chain?.Append(destination.Span[..n]);
        _remaining -= n;
        return n;
    }

    private async ValueTask ExpectCrlfAsync(CancellationToken cancellationToken)
    {
        while (_end - _start < 2)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw Incomplete();
            }
        }

        if (_buffer[_start] != (byte)'\r' || _buffer[_start + 1] != (byte)'\n')
        {
            throw BadFraming("Chunk data does not end where its size says.");
        }

        _start += 2;
    }

    private async ValueTask ReadTrailersAsync(CancellationToken cancellationToken)
    {
        string? signature = null;
        var skippedLeadingBlank = false;
        while (true)
        {
            var next = await ReadLineAsync(cancellationToken);
            if (next is null)
            {
                break;
            }

            var (start, length) = next.Value;
            if (length == 0)
            {
                // Some clients put an empty line between the final chunk and the trailers; the next one ends them.
                if (_trailers.Count == 0 && signature is null && !skippedLeadingBlank)
                {
                    skippedLeadingBlank = true;
                    continue;
                }

                break;
            }

            var line = Encoding.ASCII.GetString(_buffer, start, length);
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw BadFraming("A trailer line must be name:value.");
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == TrailerSignatureName)
            {
                signature = value;
            }
            else if (_trailers.Count == MaxTrailers)
            {
                throw BadFraming("Too many trailers.");
            }
            else
            {
                _trailers.Add(new(name, value));
            }
        }

        if (_chain is null)
        {
            return;
        }

        if (signature is null)
        {
            throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "The trailers carry no x-amz-trailer-signature.");
        }

        _trailers.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var canonical = new StringBuilder();
        foreach (var (name, value) in _trailers)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        _chain.VerifyTrailer(Encoding.ASCII.GetBytes(canonical.ToString()), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>
    /// After the final chunk (and trailers) the body must end: bytes after it mean the framing disagrees with the
    /// body's length, and the upload is refused rather than stored with a part of it ignored.
    /// </summary>
    private async ValueTask ExpectEndAsync(CancellationToken cancellationToken)
    {
        if (_start < _end || await FillAsync(cancellationToken))
        {
            throw BadFraming("Unexpected data after the final chunk.");
        }
    }

    /// <summary>The next line without its CRLF, as a range of <see cref="_buffer"/> valid until the next read; null at end of input.</summary>
    private async ValueTask<(int Start, int Length)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineStart = _start;
                var length = scanned + newline;
                _start += length + 1;
                if (length > 0 && _buffer[lineStart + length - 1] == (byte)'\r')
                {
                    length--;
                }

                return (lineStart, length);
            }

            scanned = _end - _start;
            if (scanned > MaxLineBytes)
            {
                throw BadFraming("A chunk header or trailer line is too long.");
            }

            if (!await FillAsync(cancellationToken))
            {
                return scanned == 0 ? null : throw Incomplete();
            }
        }
    }

    /// <summary>Reads more input after what is buffered; false at end of input.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_innerEnded)
        {
            return false;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var n = await _inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (n == 0)
        {
            _innerEnded = true;
            return false;
        }

        _end += n;
        return true;
    }

    private static S3Exception Incomplete() =>
        new(S3ErrorCode.IncompleteBody, "The request body ended in the middle of an aws-chunked chunk.");

    private static S3Exception BadFraming(string message) => new(S3ErrorCode.InvalidChunkSizeError, message);
}
