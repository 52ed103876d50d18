using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace GarageOrleans.S3.Tests;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient refuses to send: a malformed Content-Length, framing that
/// disagrees with the body, raw UTF-8 in header values. Each request carries <c>Connection: close</c> and the answer
/// is read until the server closes. Requests are signed with <see cref="TestSigner"/> (headers only; the body hash
/// is whatever <c>x-amz-content-sha256</c> says).
/// </summary>
internal static class RawHttp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A signed request: <paramref name="headers"/> are signed (with host, x-amz-date, x-amz-content-sha256 added),
    /// <paramref name="unsignedHeaders"/> (such as Content-Length) are sent as given, and the body follows verbatim.
    /// <paramref name="target"/> is the raw path and query as sent on the request line; <paramref name="query"/> is
    /// its decoded form, for the signature.
    /// </summary>
    public static byte[] Signed(
        Uri server,
        string method,
        string target,
        (string Name, string Value)[] query,
        IReadOnlyDictionary<string, string> headers,
        IReadOnlyList<(string Name, string Value)> unsignedHeaders,
        byte[] body,
        string payloadHash,
        string keyId,
        string secret,
        string region = "garage")
    {
        var now = DateTime.UtcNow;
        var signed = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase)
        {
            ["host"] = server.Authority,
            ["x-amz-date"] = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            ["x-amz-content-sha256"] = payloadHash,
        };
        var path = target.Split('?')[0];
        var (_, authorization) = TestSigner.SignHeaders(method, path, query, signed, payloadHash, keyId, secret, region, now);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n");
        foreach (var (name, value) in signed)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        foreach (var (name, value) in unsignedHeaders)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\nConnection: close\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. body];
    }

    /// <summary>
    /// Sends <paramref name="request"/> as is and reads the answer until the server closes the connection. With
    /// <paramref name="halfClose"/>, the sending side is shut after the request, so a body shorter than its
    /// Content-Length ends there instead of leaving the server waiting.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, bool halfClose = false)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cts.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cts.Token);
            if (halfClose)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before reading a body it has already refused; read what it said.
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
            // A reset after the answer (unread request bytes) loses nothing we need; a reset before any answer is
            // reported as status 0, like a plain close.
        }

        return RawResponse.Parse(received.ToArray());
    }

    /// <summary>Status, headers (values as UTF-8) and body of one answer; status 0 when the server closed without one.</summary>
    public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public static RawResponse Parse(byte[] bytes)
        {
            if (bytes.Length == 0)
            {
                return new RawResponse(0, new Dictionary<string, string>(), string.Empty);
            }

            var text = Encoding.UTF8.GetString(bytes);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                throw new InvalidOperationException($"no complete HTTP answer in {bytes.Length} bytes: {text}");
            }

            var lines = text[..end].Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            return new RawResponse(status, headers, text[(end + 4)..]);
        }

        public override string ToString() => $"{Status} {string.Join("; ", Headers.Select(h => h.Key + ": " + h.Value))}\n{Body}";
    }
}
