using GarageOrleans.Abstractions;
using GarageOrleans.S3.Auth;

namespace GarageOrleans.S3.Tests;

internal sealed class FakeKeys(params AccessKeyInfo[] keys) : IAccessKeyResolver
{
    public const string AwsExampleKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string AwsExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public static readonly AccessKeyInfo AwsExample = new(AwsExampleKeyId, AwsExampleSecret, "example", true, 0);

    public Task<AccessKeyInfo?> FindAsync(string accessKeyId, CancellationToken cancellationToken) =>
        Task.FromResult(keys.FirstOrDefault(k => k.AccessKeyId == accessKeyId));
}
