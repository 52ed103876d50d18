using System.Net;

namespace GarageOrleans.Admin;

/// <summary>
/// S3's bucket naming rules, as Garage applies them: names are global and may become DNS labels
/// (<c>bucket.s3.example.com</c>), so anything a virtual-hosted request could not address is refused up front.
/// </summary>
internal static class BucketNames
{
    public const int MinLength = 3;
    public const int MaxLength = 63;

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

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
            {
                return "A bucket name holds only lowercase letters, digits, '.' and '-'.";
            }
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "A bucket name starts and ends with a letter or a digit.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "A bucket name has no two adjacent dots.";
        }

        if (IPAddress.TryParse(name, out _) && name.Count(c => c == '.') == 3)
        {
            return "A bucket name cannot look like an IP address.";
        }

        if (name.StartsWith("xn--", StringComparison.Ordinal) || name.EndsWith("-s3alias", StringComparison.Ordinal))
        {
            return "A bucket name cannot start with 'xn--' or end with '-s3alias'.";
        }

        return null;
    }
}
