using System.Buffers;

namespace GarageOrleans.Primitives;

/// <summary>
/// S3's bucket naming rules, as Garage applies them: names are global and may become DNS labels
/// (<c>bucket.s3.example.com</c>), so anything a virtual-hosted request could not address is refused up front.
/// One implementation for the S3 API and the admin API.
/// </summary>
public static class BucketNames
{
    public const int MinLength = 3;
    public const int MaxLength = 63;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    public static bool IsValid(string? name) => Validate(name) is null;

    /// <summary>Null when <paramref name="name"/> is valid, else the reason it is not.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A bucket name is required.";
        }

        if (name.Length is < MinLength or > MaxLength)
        {
            return $"A bucket name has {MinLength} to {MaxLength} characters.";
        }

        if (name.AsSpan().ContainsAnyExcept(Allowed))
        {
            return "A bucket name holds only lowercase letters, digits, '.' and '-'.";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "A bucket name starts and ends with a letter or a digit.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "A bucket name has no two adjacent dots.";
        }

        if (name.StartsWith("xn--", StringComparison.Ordinal) || name.Contains(".xn--", StringComparison.Ordinal)
            || name.EndsWith("-s3alias", StringComparison.Ordinal))
        {
            return "A bucket name cannot have an 'xn--' label or end with '-s3alias'.";
        }

        return LooksLikeIpv4(name) ? "A bucket name cannot look like an IP address." : null;
    }

    private static bool LooksLikeIpv4(string name)
    {
        var parts = 0;
        foreach (var range in name.AsSpan().Split('.'))
        {
            var part = name.AsSpan()[range];
            if (part.IsEmpty || part.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }
}
