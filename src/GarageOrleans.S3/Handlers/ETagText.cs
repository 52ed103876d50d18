namespace GarageOrleans.S3.Handlers;

/// <summary>
/// ETags are stored bare (hex MD5, or "hex-N" for multipart objects) in every grain DTO; the HTTP and XML forms
/// are quoted. Clients echo either form back, so input is always unquoted before comparison.
/// </summary>
internal static class ETagText
{
    public static string Quote(string etag) => "\"" + Unquote(etag) + "\"";

    public static string Unquote(string etag)
    {
        var s = etag.AsSpan().Trim();
        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"')
        {
            s = s[1..^1];
        }

        return s.ToString();
    }
}
