using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace GarageOrleans.S3.Xml;

/// <summary>
/// Writes an S3 XML response into a pooled UTF-8 buffer (the declaration is written by the constructor). Element
/// names are ASCII; text is escaped. Dispose returns the buffer. Typical use by a handler:
/// <code>
/// using var xml = new S3XmlWriter();
/// xml.WriteStartRoot("ListBucketResult");
/// xml.WriteElement("Name", bucket);
/// xml.WriteEndElement();
/// await xml.WriteToAsync(context.Http.Response, context.Aborted);
/// </code>
/// </summary>
public sealed class S3XmlWriter : IDisposable
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private const int DefaultCapacityBytes = 4096;

    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "&<>\"\r\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    private readonly Stack<string> _open = new();
    private byte[] _buffer;
    private int _length;

    public S3XmlWriter(int initialCapacityBytes = DefaultCapacityBytes)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacityBytes, 256));
        Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>ISO-8601 with milliseconds, always UTC: <c>2009-10-12T17:50:30.000Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Starts the document element with the S3 namespace.</summary>
    public void WriteStartRoot(string name)
    {
        WriteOpenTag(name, withNamespace: true);
        _open.Push(name);
    }

    public void WriteStartElement(string name)
    {
        WriteOpenTag(name, withNamespace: false);
        _open.Push(name);
    }

    public void WriteEndElement()
    {
        if (!_open.TryPop(out var name))
        {
            throw new InvalidOperationException("No element is open.");
        }

        WriteCloseTag(name);
    }

    /// <summary>Writes <c>&lt;name&gt;value&lt;/name&gt;</c>; a null value gives an empty element.</summary>
    public void WriteElement(string name, string? value)
    {
        WriteOpenTag(name, withNamespace: false);
        if (!string.IsNullOrEmpty(value))
        {
            WriteEscaped(value);
        }

        WriteCloseTag(name);
    }

    public void WriteElement(string name, long value)
    {
        WriteOpenTag(name, withNamespace: false);
        Utf8Formatter.TryFormat(value, GetSpan(20), out var written);
        _length += written;
        WriteCloseTag(name);
    }

    public void WriteElement(string name, bool value)
    {
        WriteOpenTag(name, withNamespace: false);
        Append(value ? "true"u8 : "false"u8);
        WriteCloseTag(name);
    }

    public void WriteElement(string name, DateTimeOffset value)
    {
        WriteOpenTag(name, withNamespace: false);
        var utc = value.UtcDateTime;
        var ok = utc.TryFormat(GetSpan(24), out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (!ok)
        {
            throw new InvalidOperationException("Timestamp formatting failed.");
        }

        _length += written;
        WriteCloseTag(name);
    }

    /// <summary>Sets <c>application/xml</c>, the status and Content-Length, and writes the document.</summary>
    public async Task WriteToAsync(HttpResponse response, CancellationToken cancellationToken, int statusCode = StatusCodes.Status200OK)
    {
        if (_open.Count != 0)
        {
            throw new InvalidOperationException($"Element <{_open.Peek()}> is still open.");
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/xml";
        response.ContentLength = _length;
        await response.Body.WriteAsync(WrittenMemory, cancellationToken);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteOpenTag(string name, bool withNamespace)
    {
        CheckName(name);
        Append("<"u8);
        AppendAscii(name);
        if (withNamespace)
        {
            Append(" xmlns=\""u8);
            AppendAscii(Namespace);
            Append("\""u8);
        }

        Append(">"u8);
    }

    private void WriteCloseTag(string name)
    {
        Append("</"u8);
        AppendAscii(name);
        Append(">"u8);
    }

    private void WriteEscaped(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var stop = text.IndexOfAny(NeedsEscape);
            var run = stop < 0 ? text : text[..stop];
            if (!run.IsEmpty)
            {
                AppendUtf8(run);
            }

            if (stop < 0)
            {
                return;
            }

            switch (text[stop])
            {
                case '&': Append("&amp;"u8); break;
                case '<': Append("&lt;"u8); break;
                case '>': Append("&gt;"u8); break;
                case '"': Append("&quot;"u8); break;
                default:
                    // Control characters (and CR, which parsers would normalise away) as character references,
                    // as S3 does, so keys round-trip.
                    Append("&#x"u8);
                    ((int)text[stop]).TryFormat(GetSpan(4), out var written, "X", CultureInfo.InvariantCulture);
                    _length += written;
                    Append(";"u8);
                    break;
            }

            text = text[(stop + 1)..];
        }
    }

    private void AppendUtf8(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var status = Utf8.FromUtf16(text, GetSpan(Math.Min(text.Length * 3, 4096)), out var read, out var written);
            _length += written;
            text = text[read..];
            if (status != OperationStatus.DestinationTooSmall)
            {
                return;
            }
        }
    }

    private void AppendAscii(string ascii)
    {
        var written = Encoding.ASCII.GetBytes(ascii, GetSpan(ascii.Length));
        _length += written;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    private Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _length < size)
        {
            Grow(size);
        }

        return _buffer.AsSpan(_length);
    }

    private void Grow(int size)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private static void CheckName(string name)
    {
        if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(ValidNameChars))
        {
            throw new ArgumentException($"'{name}' is not a valid element name.", nameof(name));
        }
    }

    private static readonly SearchValues<char> ValidNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");
}
