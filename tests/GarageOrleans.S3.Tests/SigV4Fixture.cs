using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GarageOrleans.S3.Tests;

/// <summary>A verifier at the instant of the AWS examples (2013-05-24T00:00:00Z), knowing the AWS example key.</summary>
internal sealed class SigV4Fixture
{
    public static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    public SigV4Fixture(string region = "garage", DateTimeOffset? now = null, TimeSpan? clockSkew = null)
    {
        Time = new FakeTimeProvider(now ?? ExampleTime);
        var options = new S3ApiOptions { Region = region, ClockSkew = clockSkew ?? S3ApiOptions.DefaultClockSkew };
        Verifier = new SigV4Verifier(new FakeKeys(FakeKeys.AwsExample), Options.Create(options), Time);
    }

    public FakeTimeProvider Time { get; }

    public SigV4Verifier Verifier { get; }

    public Task<S3AuthResult> VerifyAsync(string method, string target, HeaderDictionary headers, bool body = false)
    {
        var (path, query) = S3Uri.SplitTarget(target);
        return Verifier.VerifyAsync(method, path, S3Query.Parse(query), headers, body, CancellationToken.None);
    }
}
