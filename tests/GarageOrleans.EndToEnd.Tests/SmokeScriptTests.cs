using GarageOrleans.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GarageOrleans.EndToEnd.Tests;

/// <summary>
/// scripts/smoke-test.sh (awscli, rclone, s3cmd, boto3) against a server process whose key and bucket were made
/// with the CLI, as an operator would do it.
/// </summary>
public sealed class SmokeScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task SmokeScript_WithRealClientsAgainstServerProcess_ExitsZero()
    {
        await S3ClientTools.RequireInstalledAsync();
        using var data = new TempDirectory("garage-e2e-smoke");
        await using var server = await ServerProcess.StartAsync(data.Path, LoopbackPorts.Allocate());

        var cli = new GarageCli(server.AdminUrl, server.GeneratedAdminToken());
        var key = await cli.CreateKeyAsync("smoke");
        const string bucket = "made-by-cli";
        await cli.CreateBucketAsync(bucket);
        await cli.AllowAsync(bucket, key.AccessKeyId, read: true, write: true);

        var result = await ChildProcess.RunAsync(
            "/bin/bash",
            [BuildOutput.Script("smoke-test.sh"), server.S3Url.ToString().TrimEnd('/'), key.AccessKeyId, key.SecretAccessKey, bucket],
            ScriptTimeout,
            data.Path);
        output.WriteLine(result.Combined);
        if (result.ExitCode != 0)
        {
            output.WriteLine("---- server output (last lines) ----");
            output.WriteLine(server.OutputTail());
        }

        Assert.True(result.ExitCode == 0, $"smoke-test.sh exited with {result.ExitCode}; last lines:\n{LastLines(result.Combined, 40)}");
        Assert.Contains("smoke: OK", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(server.HasExited, "the server died during the smoke test:\n" + server.OutputTail());
    }

    private static string LastLines(string text, int count) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(count));
}
