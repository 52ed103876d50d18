using Amazon.Runtime;
using Amazon.S3;

namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

internal static class S3Clients
{
    /// <summary>
    /// An AWSSDK.S3 client with the SDK's default checksums, path-style, region <c>garage</c>, and no retries: a
    /// retry could land on a restarted server and blur what was acknowledged before a crash.
    /// </summary>
    public static AmazonS3Client Create(Uri endpoint, AccessKey key, TimeSpan timeout) =>
        new(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey), new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "garage",
            Timeout = timeout,
            MaxErrorRetry = 0,
        });
}
