using System.Text;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// The opaque ListObjectsV2 continuation token: base64 of the last key or common prefix of the previous page, which
/// the listing grain continues strictly after. Clients only echo it back.
/// </summary>
internal static class ContinuationToken
{
    public static string Encode(string lastReturned) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastReturned));

    public static bool TryDecode(string token, out string lastReturned)
    {
        lastReturned = "";
        var buffer = new byte[(token.Length * 3 / 4) + 3];
        if (token.Length == 0 || !Convert.TryFromBase64String(token, buffer, out var written))
        {
            return false;
        }

        try
        {
            lastReturned = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
