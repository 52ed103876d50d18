using GarageOrleans.EndToEnd.Tests.Infrastructure;
using GarageOrleans.LoadBench;
using Xunit.Abstractions;

namespace GarageOrleans.EndToEnd.Tests;

/// <summary>DESIGN §6: bodies stream, so the server's memory stays flat whatever the object size.</summary>
public sealed class MemoryTests(ITestOutputHelper output)
{
    private const string Bucket = "memory";
    private const long ObjectBytes = 2L << 30;
    private const long GrowthLimitBytes = 100L << 20;

    [Fact]
    public async Task PutAndGetOf2GiB_KeepsServerRssGrowthUnder100MiB()
    {
        using var data = new TempDirectory("garage-e2e-memory");
        await using var server = await ServerProcess.StartAsync(data.Path, LoopbackPorts.Allocate());
        var cli = new GarageCli(server.AdminUrl, server.GeneratedAdminToken());
        var key = await cli.CreateKeyAsync("memory");
        await cli.CreateBucketAsync(Bucket);
        await cli.AllowAsync(Bucket, key.AccessKeyId, read: true, write: true);

        using var client = S3Clients.Create(server.S3Url, key, TimeSpan.FromMinutes(10));
        var report = await RssRoundTrip.RunAsync(client, PayloadMode.Sdk, Bucket, "two-gib", ObjectBytes, server.Pid, CancellationToken.None);
        output.WriteLine(report.Describe());

        Assert.True(report.ContentMatches, report.Describe());
        Assert.True(report.GrowthBytes < GrowthLimitBytes, $"server RSS grew by more than 100 MiB: {report.Describe()}");
    }
}
