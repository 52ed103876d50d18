using GarageOrleans.S3.Errors;

namespace GarageOrleans.S3.Routing;

/// <summary>
/// The query string as the client sent it, decoded once: names and values are percent-decoded (with <c>+</c> read
/// as a space, like Garage and MinIO) and kept in order. The router reads subresources from it and SigV4 re-encodes
/// it into the canonical query.
/// </summary>
public sealed class S3Query
{
    public static readonly S3Query Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private S3Query(KeyValuePair<string, string>[] pairs) => _pairs = pairs;

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>Parses a raw query string (without the leading <c>?</c>); a bad escape gives InvalidURI.</summary>
    public static S3Query Parse(ReadOnlySpan<char> rawQuery)
    {
        if (rawQuery.IsEmpty)
        {
            return Empty;
        }

        var pairs = new List<KeyValuePair<string, string>>(4);
        foreach (var range in rawQuery.Split('&'))
        {
            var part = rawQuery[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var rawName = eq < 0 ? part : part[..eq];
            var rawValue = eq < 0 ? [] : part[(eq + 1)..];
            if (!S3Uri.TryDecode(rawName, plusIsSpace: true, out var name)
                || !S3Uri.TryDecode(rawValue, plusIsSpace: true, out var value))
            {
                throw new S3Exception(S3ErrorCode.InvalidURI, "The query string contains an invalid percent-encoding.");
            }

            pairs.Add(new(name, value));
        }

        return pairs.Count == 0 ? Empty : new S3Query([.. pairs]);
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>The first value of <paramref name="name"/>, or null when absent.</summary>
    public string? Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : _pairs[i].Value;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _pairs.Length; i++)
        {
            if (string.Equals(_pairs[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
