using System.Globalization;
using System.Text;
using System.Xml;

namespace GarageOrleans.S3.Handlers;

/// <summary>
/// Writes the XML bodies of successful S3 answers (the error body is the error middleware's). A body is built in
/// memory first, so that it goes out with a Content-Length and no synchronous write reaches Kestrel; listings are
/// capped at 1000 entries, which bounds its size.
/// </summary>
internal static class ResponseXml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        // S3 keys may hold characters XML 1.0 cannot carry; AWS writes them anyway (clients that care use
        // encoding-type=url). Refusing them would make a whole listing fail with 500.
        CheckCharacters = false,
    };

    public static async Task WriteAsync(HttpResponse response, string rootElement, Action<XmlWriter> writeContent, int statusCode = StatusCodes.Status200OK)
    {
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement(rootElement, Namespace);
            writeContent(w);
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/xml";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted);
    }

    /// <summary>S3's XML timestamp form, e.g. 2026-11-29T07:27:12.000Z.</summary>
    public static string Timestamp(ulong unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes &lt;name&gt;value&lt;/name&gt;; nothing when <paramref name="value"/> is null.</summary>
    public static void Element(this XmlWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteElementString(name, value);
        }
    }

    public static void Element(this XmlWriter w, string name, long value) =>
        w.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(this XmlWriter w, string name, bool value) =>
        w.WriteElementString(name, value ? "true" : "false");

    /// <summary>An Owner or Initiator element naming an access key (S3 owners are accounts; ours are keys).</summary>
    public static void Principal(this XmlWriter w, string element, string id, string displayName)
    {
        w.WriteStartElement(element);
        w.Element("ID", id);
        w.Element("DisplayName", displayName);
        w.WriteEndElement();
    }
}
