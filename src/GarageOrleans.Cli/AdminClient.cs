using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GarageOrleans.Admin.Contracts;

namespace GarageOrleans.Cli;

/// <summary>
/// The admin API v2 over HTTP. Every failure becomes a <see cref="CliException"/> with exit code 1 and a message a
/// person can act on (the server's <see cref="AdminError"/>, or why the node could not be reached).
/// </summary>
internal sealed class AdminClient : IDisposable
{
    /// <summary>Admin calls are small; a node that takes longer than this is not going to answer.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly bool _hasToken;

    public AdminClient(string adminUrl, string? token)
    {
        if (!Uri.TryCreate(adminUrl.EndsWith('/') ? adminUrl : adminUrl + "/", UriKind.Absolute, out var baseAddress)
            || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"--admin must be an http(s) URL, not '{adminUrl}'.");
        }

        _baseAddress = baseAddress;
        _hasToken = !string.IsNullOrEmpty(token);
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = CallTimeout };
        if (_hasToken)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<T> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> result) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery), result);

    public Task<T> PostAsync<TBody, T>(string pathAndQuery, TBody body, JsonTypeInfo<TBody> bodyInfo, JsonTypeInfo<T> result)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, bodyInfo), Encoding.UTF8, "application/json"),
        };
        return SendAsync(request, result);
    }

    public Task<T> PostAsync<T>(string pathAndQuery, JsonTypeInfo<T> result) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, pathAndQuery), result);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> result)
    {
        using (request)
        {
            HttpResponseMessage response;
            string text;
            try
            {
                response = await _http.SendAsync(request);
                text = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException e)
            {
                throw new CliException(CliExit.Failed, $"Cannot reach the admin API at {_baseAddress}: {e.Message}");
            }
            catch (TaskCanceledException)
            {
                throw new CliException(CliExit.Failed, $"The admin API at {_baseAddress} did not answer within {CallTimeout.TotalSeconds:0} s.");
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new CliException(CliExit.Failed, DescribeFailure(response.StatusCode, text));
                }

                try
                {
                    return JsonSerializer.Deserialize(text, result)
                        ?? throw new CliException(CliExit.Failed, "The admin API answered with an empty document.");
                }
                catch (JsonException e)
                {
                    throw new CliException(CliExit.Failed, $"The admin API answered with an unexpected document: {e.Message}");
                }
            }
        }
    }

    private string DescribeFailure(HttpStatusCode status, string body)
    {
        AdminError? error = null;
        try
        {
            error = body.Length > 0 ? JsonSerializer.Deserialize(body, AdminJson.Default.AdminError) : null;
        }
        catch (JsonException)
        {
            // Not one of ours (a proxy's error page, say): fall back to the status line.
        }

        var message = error is { Code: { } code, Message: { } text } ? $"{text} ({code}, HTTP {(int)status})" : $"HTTP {(int)status} {status}";
        if (status == HttpStatusCode.Unauthorized && !_hasToken)
        {
            message += $"{Environment.NewLine}No admin token found: pass --token, set {CliApp.TokenVariable}, or run from the node's working directory (./{CliApp.TokenFile}).";
        }

        return message;
    }
}
