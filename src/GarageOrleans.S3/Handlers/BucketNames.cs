using System.Net;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// Bucket naming rules (AWS general-purpose buckets, as Garage applies them): 3–63 characters of [a-z0-9.-],
/// starting and ending with a letter or digit, no "..", not an IPv4 address, no "xn--" prefix, no "-s3alias" suffix.
/// They keep every name usable as a DNS label for virtual-host addressing.
/// </summary>
internal static class BucketNames
{
    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
            {
                return false;
            }
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return false;
        }

        return !name.Contains("..", StringComparison.Ordinal)
            && !name.StartsWith("xn--", StringComparison.Ordinal)
            && !name.EndsWith("-s3alias", StringComparison.Ordinal)
            && !(name.Count(c => c == '.') == 3 && IPAddress.TryParse(name, out _));
    }
}
