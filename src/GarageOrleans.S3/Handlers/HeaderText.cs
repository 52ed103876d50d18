using System.Buffers;
using System.Text;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// Values going back into response headers. HTTP/1.1 header values are visible ASCII, space and tab; Kestrel throws on
/// anything else when the header is set, so an unchecked value would turn a GET into a 500.
/// </summary>
internal static class HeaderText
{
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>True when <paramref name="value"/> has a control character (CR, LF, NUL, DEL…) other than tab.</summary>
    public static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="value"/> as is when it is plain ASCII, otherwise one RFC 2047 encoded word of its UTF-8
    /// (<c>=?UTF-8?B?…?=</c>), which is what AWS returns for metadata with non-ASCII characters and what its SDKs
    /// expect. A value the client sent already encoded is plain ASCII, so it goes back verbatim.
    /// </summary>
    public static string ForResponse(string value) =>
        !value.AsSpan().ContainsAnyExcept(Plain)
            ? value
            : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
}
