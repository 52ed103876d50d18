using Amazon.Runtime;
using Amazon.S3;

namespace GarageOrleans.LoadBench;

/// <summary>An S3 endpoint and the credentials to use on it.</summary>
internal sealed record S3Target(string Name, string Endpoint, string AccessKey, string Secret, string Region)
{
    /// <summary>A path-style client without retries (a retry would hide a failure and skew the timings).</summary>
    public AmazonS3Client CreateClient(TimeSpan timeout, PayloadMode payload = PayloadMode.Sdk)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            Timeout = timeout,
            MaxErrorRetry = 0,
        };
        if (payload == PayloadMode.Plain)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        return new AmazonS3Client(new BasicAWSCredentials(AccessKey, Secret), config);
    }
}
