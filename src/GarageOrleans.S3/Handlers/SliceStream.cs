namespace GarageOrleans.S3.Handlers;

/// <summary>
/// A read-only stream over the slices of <see cref="ObjectDataReader"/>, so that UploadPartCopy can feed copied data
/// through the same <see cref="BodyToBlocks"/> as an uploaded body. Asynchronous reads only.
/// </summary>
internal sealed class SliceStream(IAsyncEnumerable<DataSlice> slices, CancellationToken cancellationToken) : Stream
{
    private IAsyncEnumerator<DataSlice>? _enumerator;
    private DataSlice? _current;
    private int _position;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
    {
        while (!_ended && buffer.Length > 0)
        {
            if (_current is not null && _position < _current.Memory.Length)
            {
                var n = Math.Min(buffer.Length, _current.Memory.Length - _position);
                _current.Memory.Span.Slice(_position, n).CopyTo(buffer.Span);
                _position += n;
                return n;
            }

            _current?.Dispose();
            _current = null;
            _enumerator ??= slices.GetAsyncEnumerator(cancellationToken);
            if (await _enumerator.MoveNextAsync())
            {
                _current = _enumerator.Current;
                _position = 0;
            }
            else
            {
                _ended = true;
            }
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
        ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("SliceStream reads asynchronously only");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        _current?.Dispose();
        _current = null;
        if (_enumerator is not null)
        {
            await _enumerator.DisposeAsync();
            _enumerator = null;
        }

        await base.DisposeAsync();
    }
}
