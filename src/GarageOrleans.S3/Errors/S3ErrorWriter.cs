using System.Text;
using GarageOrleans.S3.Xml;

namespace GarageOrleans.S3.Errors;

/// <summary>Renders an <see cref="S3Exception"/> as the S3 <c>&lt;Error&gt;</c> response, once, at the boundary.</summary>
public static class S3ErrorWriter
{
    /// <summary>Sent when rendering the real error fails: no dynamic content, so it cannot fail itself.</summary>
    private static ReadOnlySpan<byte> FallbackBody =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>"u8;

    /// <summary>
    /// Writes status, headers and (except for HEAD) the XML body. <paramref name="resource"/> is used when the
    /// exception names none. The response must not have started.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, S3Exception error, string requestId, string? resource)
    {
        var info = S3ErrorCatalog.Get(error.Code);
        var response = http.Response;
        response.StatusCode = info.StatusCode;
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }

        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        byte[] body;
        try
        {
            body = Render(error, info, requestId, resource);
        }
        catch (Exception ex) when (ex is ArgumentException or EncoderFallbackException or InvalidOperationException)
        {
            response.StatusCode = 500;
            body = FallbackBody.ToArray();
        }

        response.ContentType = "application/xml";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    internal static byte[] Render(S3Exception error, S3ErrorInfo info, string requestId, string? resource)
    {
        using var xml = new S3XmlWriter();
        xml.WriteStartElement("Error");
        xml.WriteElement("Code", info.Code);
        xml.WriteElement("Message", error.CustomMessage ?? info.Message);
        foreach (var (name, value) in error.Details)
        {
            xml.WriteElement(name, value);
        }

        var res = error.Resource ?? resource;
        if (res is not null)
        {
            xml.WriteElement("Resource", res);
        }

        xml.WriteElement("RequestId", requestId);
        xml.WriteEndElement();
        return xml.WrittenSpan.ToArray();
    }
}
