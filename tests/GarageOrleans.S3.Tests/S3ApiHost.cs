using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Amazon.S3;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Pipeline;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GarageOrleans.S3.Tests;

/// <summary>
/// The S3 pipeline on a real Kestrel (127.0.0.1, port 0) with fake key and bucket lookups and an in-memory handler;
/// no Orleans. One per test class (xunit class fixture).
/// </summary>
public sealed class S3ApiHost : IAsyncLifetime
{
    public const string KeyId = "GK0123456789abcdef01234567";
    public const string Secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string ReadOnlyKeyId = "GKreadonly000000000000000";

    private WebApplication? _app;
    private long _expectedInternalErrors;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// The same pipeline over TLS (self-signed): only over https does the SDK agree to DisablePayloadSigning and send
    /// STREAMING-UNSIGNED-PAYLOAD-TRAILER, which a server behind a TLS-terminating proxy then sees on plain http.
    /// </summary>
    public Uri TlsAddress { get; private set; } = null!;

    public MemoryObjectHandler Objects { get; } = new();

    /// <summary>Requests this host answered 500 so far.</summary>
    public long InternalErrors => _app!.Services.GetRequiredService<S3InternalErrors>().Count;

    /// <summary>A test that provokes a 500 on purpose declares it, so that <see cref="DisposeAsync"/> does not fail.</summary>
    public void ExpectInternalError() => Interlocked.Increment(ref _expectedInternalErrors);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var certificate = SelfSignedCertificate();
        var tlsCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tlsCertificate));
        });
        builder.Logging.ClearProviders();
        var keys = new FakeKeys(
            new AccessKeyInfo(KeyId, Secret, "test", true, 0),
            new AccessKeyInfo(ReadOnlyKeyId, Secret, "reader", false, 0));
        builder.Services.AddSingleton<IAccessKeyResolver>(keys);
        builder.Services.AddSingleton<IBucketResolver>(new FakeBuckets());
        builder.Services.AddSingleton(DispatchProxy.Create<IGrainFactory, UnusedGrainFactory>());
        builder.Services.AddSingleton<IS3OperationHandler>(Objects);
        builder.Services.AddS3Api();
        _app = builder.Build();
        _app.UseS3Api();
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single(a => a.StartsWith("http:", StringComparison.Ordinal)));
        TlsAddress = new Uri(addresses.Single(a => a.StartsWith("https:", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Stops the server, then fails the test class if any request got an unexpected 500: each one is a bug, even when
    /// the test that sent it only looked at something else.
    /// </summary>
    public async Task DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        var internalErrors = InternalErrors;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Assert.True(
            internalErrors == Interlocked.Read(ref _expectedInternalErrors),
            $"the S3 pipeline answered {internalErrors} request(s) with 500 InternalError ({_expectedInternalErrors} expected); see the error log");
    }

    public AmazonS3Client Client(string keyId = KeyId, string secret = Secret, bool tls = false) => new(
        new BasicAWSCredentials(keyId, secret),
        new AmazonS3Config
        {
            ServiceURL = (tls ? TlsAddress : BaseAddress).ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "garage",
            MaxErrorRetry = 0,
            HttpClientFactory = tls ? new TrustingHttpClientFactory() : null,
        });

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Trusts the test's self-signed certificate (and only this test's clients use it).</summary>
    private sealed class TrustingHttpClientFactory : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new HttpClientHandler { ServerCertificateCustomValidationCallback = static (_, _, _, _) => true });
    }

    private sealed class FakeBuckets : IBucketResolver
    {
        private static readonly BucketInfo Bucket = new(
            BucketId.New(),
            "bkt",
            0,
            new Dictionary<string, BucketPermission> { [KeyId] = BucketPermission.All, [ReadOnlyKeyId] = new(true, false, false) });

        public Task<BucketInfo?> FindAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(name == "bkt" ? Bucket : null);
    }

    /// <summary>The pipeline hands handlers an IGrainFactory; these tests' handler never uses it.</summary>
    public class UnusedGrainFactory : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new NotSupportedException("No grains in this test.");
    }
}
