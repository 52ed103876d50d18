using System.Globalization;

namespace GarageOrleans.S3.Handlers;

internal enum ByteRangeKind
{
    /// <summary>No usable Range header: serve the whole object with 200.</summary>
    None,

    /// <summary>Serve <see cref="ByteRange.Start"/> .. <see cref="ByteRange.End"/> with 206.</summary>
    Satisfiable,

    /// <summary>416 InvalidRange with <c>Content-Range: bytes */size</c>.</summary>
    Unsatisfiable,
}

/// <summary>
/// One byte range of an object, from a <c>Range</c> header (RFC 9110 §14). As AWS and Garage do, a syntactically
/// invalid header is ignored and a multi-range request is answered with the whole object.
/// </summary>
internal readonly record struct ByteRange(ByteRangeKind Kind, long Start, long Length)
{
    public static readonly ByteRange None = new(ByteRangeKind.None, 0, 0);

    public static readonly ByteRange Unsatisfiable = new(ByteRangeKind.Unsatisfiable, 0, 0);

    /// <summary>Last byte, inclusive.</summary>
    public long End => Start + Length - 1;

    public static ByteRange Parse(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return None;
        }

        var s = header.AsSpan().Trim();
        const string Unit = "bytes=";
        if (!s.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        s = s[Unit.Length..].Trim();
        if (s.Contains(','))
        {
            return None;
        }

        var dash = s.IndexOf('-');
        if (dash < 0)
        {
            return None;
        }

        var first = s[..dash].Trim();
        var last = s[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // Suffix range "-n": the last n bytes.
            if (!TryParseDigits(last, out var suffix))
            {
                return None;
            }

            if (suffix == 0)
            {
                return Unsatisfiable;
            }

            if (size == 0)
            {
                return None;
            }

            var length = Math.Min(suffix, size);
            return new ByteRange(ByteRangeKind.Satisfiable, size - length, length);
        }

        if (!TryParseDigits(first, out var start))
        {
            return None;
        }

        long end;
        if (last.IsEmpty)
        {
            end = long.MaxValue;
        }
        else if (!TryParseDigits(last, out end) || end < start)
        {
            return None;
        }

        if (start >= size)
        {
            return Unsatisfiable;
        }

        end = Math.Min(end, size - 1);
        return new ByteRange(ByteRangeKind.Satisfiable, start, end - start + 1);
    }

    /// <summary>The value of the Content-Range header of a 206 answer.</summary>
    public string ContentRange(long size) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {Start}-{End}/{size}");

    private static bool TryParseDigits(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
