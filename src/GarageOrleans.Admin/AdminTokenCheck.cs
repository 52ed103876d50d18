using System.Security.Cryptography;
using System.Text;

namespace GarageOrleans.Admin;

/// <summary>Constant-time comparisons of presented credentials with the configured admin token.</summary>
internal static class AdminTokenCheck
{
    /// <summary>Purpose string of the dashboard cookie, so the cookie is not the token itself.</summary>
    private static readonly byte[] DashboardCookiePurpose = "garage-orleans dashboard cookie v1"u8.ToArray();

    /// <summary>
    /// True when <paramref name="presented"/> equals <paramref name="expected"/>. Both sides are hashed first so the
    /// comparison takes the same time whatever the lengths and wherever the first difference is.
    /// </summary>
    public static bool Matches(string? expected, string? presented)
    {
        if (string.IsNullOrEmpty(expected) || presented is null)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>
    /// The value of the dashboard cookie for <paramref name="token"/>: an HMAC of a fixed purpose keyed by the token,
    /// so a leaked cookie opens the dashboard only and does not reveal the token that also drives the admin API.
    /// </summary>
    public static string DashboardCookieValue(string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), DashboardCookiePurpose));
}
