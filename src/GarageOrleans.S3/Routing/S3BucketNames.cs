using System.Buffers;

namespace GarageOrleans.S3.Routing;

/// <summary>Bucket naming rules (Garage's <c>is_valid_bucket_name</c>, plus AWS's ban on "..").</summary>
public static class S3BucketNames
{
    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    /// <summary>
    /// 3 to 63 characters of <c>[a-z0-9.-]</c>, starting and ending with a letter or digit; not an IPv4 address; no
    /// <c>xn--</c> (punycode) label; no <c>-s3alias</c> suffix; no "..".
    /// </summary>
    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63 || name.AsSpan().ContainsAnyExcept(Allowed))
        {
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return false;
        }

        if (name.Contains("..", StringComparison.Ordinal)
            || name.StartsWith("xn--", StringComparison.Ordinal)
            || name.Contains(".xn--", StringComparison.Ordinal)
            || name.EndsWith("-s3alias", StringComparison.Ordinal))
        {
            return false;
        }

        return !LooksLikeIpv4(name);
    }

    private static bool LooksLikeIpv4(string name)
    {
        var parts = 0;
        foreach (var range in name.AsSpan().Split('.'))
        {
            var part = name.AsSpan()[range];
            if (part.IsEmpty || !part.ContainsOnlyDigits())
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }
}
