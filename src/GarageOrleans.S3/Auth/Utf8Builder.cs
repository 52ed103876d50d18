using System.Buffers;
using System.Text;

namespace GarageOrleans.S3.Auth;

/// <summary>
/// Appends UTF-8 into a caller-provided (usually stack) span and moves to a rented array when it outgrows it;
/// <see cref="Dispose"/> returns the array. Used to build SigV4 canonical strings without heap allocation.
/// </summary>
internal ref struct Utf8Builder
{
    private Span<byte> _span;
    private byte[]? _rented;
    private int _length;

    public Utf8Builder(Span<byte> initial)
    {
        _span = initial;
        _rented = null;
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _span[.._length];

    public readonly int Length => _length;

    public void Append(byte b)
    {
        if (_length == _span.Length)
        {
            Grow(1);
        }

        _span[_length++] = b;
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (_span.Length - _length < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_span[_length..]);
        _length += bytes.Length;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_span.Length - _length < max)
        {
            Grow(max);
        }

        _length += Encoding.UTF8.GetBytes(text, _span[_length..]);
    }

    /// <summary>
    /// AWS <c>UriEncode</c>: unreserved bytes as-is, everything else as <c>%XX</c> (upper-case hex);
    /// <c>/</c> is kept when <paramref name="keepSlash"/>.
    /// </summary>
    public void AppendUriEncoded(scoped ReadOnlySpan<byte> utf8, bool keepSlash)
    {
        foreach (var b in utf8)
        {
            AppendUriEncoded(b, keepSlash);
        }
    }

    public void AppendUriEncoded(byte b, bool keepSlash)
    {
        if (Routing.S3Uri.IsUnreserved(b) || (keepSlash && b == (byte)'/'))
        {
            Append(b);
        }
        else
        {
            if (_span.Length - _length < 3)
            {
                Grow(3);
            }

            _span[_length] = (byte)'%';
            _span[_length + 1] = (byte)"0123456789ABCDEF"[b >> 4];
            _span[_length + 2] = (byte)"0123456789ABCDEF"[b & 0xF];
            _length += 3;
        }
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_span.Length * 2, _length + needed));
        _span[.._length].CopyTo(bigger);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }

        _rented = bigger;
        _span = bigger;
    }
}
