using System.Net;
using Amazon.S3;
using GarageOrleans.EndToEnd.Tests.Infrastructure;
using GarageOrleans.LoadBench;
using Xunit.Abstractions;

namespace GarageOrleans.EndToEnd.Tests;

/// <summary>
/// kill -9 of a node (fsync on, the defaults) in the middle of concurrent uploads, then a restart on the same data:
/// what was acknowledged survives intact, an interrupted upload leaves the previous content or nothing, and the node's
/// own workers free what the interrupted uploads left behind (blocks of uploads that never completed, abandoned
/// multipart uploads, temp files) until the block directory holds exactly the visible objects' data.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const string Bucket = "crash";
    private static readonly TimeSpan UploadPhaseTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Objects below this size live in the metadata, not in block files (S3Limits.InlineThresholdBytes).</summary>
    private const long InlineThresholdBytes = 3 << 10;

    /// <summary>After the restart the repair judges uploads older than a few seconds dead, and the GC follows soon.</summary>
    private static readonly Dictionary<string, string> FastRepair = new()
    {
        ["Blocks:UploadTimeout"] = "3s",
        ["Blocks:AbortIncompleteMultipartAfter"] = "3s",
        ["Blocks:GcDelay"] = "1s",
    };

    [Fact]
    public async Task KillDuringConcurrentUploads_AcknowledgedObjectsReadBackIntactAfterRestart()
    {
        using var data = new TempDirectory("garage-e2e-crash");
        var ports = LoopbackPorts.Allocate();
        var uploads = new CrashUploads(Bucket);
        AccessKey key;
        await using (var server = await ServerProcess.StartAsync(data.Path, ports))
        {
            var cli = new GarageCli(server.AdminUrl, server.GeneratedAdminToken());
            key = await cli.CreateKeyAsync("crash");
            await cli.CreateBucketAsync(Bucket);
            await cli.AllowAsync(Bucket, key.AccessKeyId, read: true, write: true);

            using var client = S3Clients.Create(server.S3Url, key, RequestTimeout);
            using var stop = new CancellationTokenSource();
            var running = uploads.RunAsync(client, stop.Token);
            try
            {
                await uploads.Enough.WaitAsync(UploadPhaseTimeout);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"uploads did not reach the crash point within {UploadPhaseTimeout.TotalSeconds:F0} s: {uploads.Progress}; server output:\n{server.OutputTail()}");
            }
            catch (InvalidOperationException e)
            {
                Assert.Fail($"{e.Message}\nserver output:\n{server.OutputTail()}");
            }

            uploads.BeginCrash();
            server.Kill();
            await stop.CancelAsync();
            await running.WaitAsync(RequestTimeout * 2);
        }

        output.WriteLine($"killed after {uploads.Progress}");
        var blocksDir = Path.Combine(data.Path, "blocks");
        var bytesAtCrash = BlockBytes(blocksDir);

        await using var restarted = await ServerProcess.StartAsync(data.Path, ports.ReuseIfFree(), FastRepair);
        using var reader = S3Clients.Create(restarted.S3Url, key, RequestTimeout);
        var problems = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, history) in uploads.Keys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var (outcome, problem) = await CheckAsync(reader, name, history);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        output.WriteLine("after the restart: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value} {o.Key}")));

        Assert.True(problems.Count == 0, $"{problems.Count} of {uploads.Keys.Count} keys are wrong after the restart:\n"
            + string.Join('\n', problems) + $"\nserver output after restart:\n{restarted.OutputTail()}");
        Assert.True(uploads.Keys.Values.Count(h => h.Acknowledged is not null) >= 10, "too few keys were acknowledged to mean anything");

        // Left alone, the node frees the leftovers: the block files end up holding exactly the visible objects.
        var visibleBytes = 0L;
        var listing = await reader.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket });
        Assert.False(listing.IsTruncated == true);
        foreach (var o in listing.S3Objects ?? [])
        {
            visibleBytes += o.Size >= InlineThresholdBytes ? o.Size ?? 0 : 0;
        }

        var deadline = DateTime.UtcNow + CleanupTimeout;
        long bytesNow;
        while ((bytesNow = BlockBytes(blocksDir)) != visibleBytes)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"after {CleanupTimeout.TotalSeconds:F0} s the block files hold {bytesNow} bytes, the visible objects {visibleBytes} (at the crash: {bytesAtCrash})\nserver output:\n{restarted.OutputTail()}");
            await Task.Delay(500);
        }

        output.WriteLine($"block files: {bytesAtCrash} bytes at the crash, {bytesNow} after the repair; visible objects' data: {visibleBytes} bytes");

        // An abandoned upload whose parts had stored no block yet leaves no bytes to wait for: its abort comes with the
        // repair worker's next pass, so wait for the listing too (same bound).
        while ((await reader.ListMultipartUploadsAsync(Bucket)).MultipartUploads is { Count: > 0 } left)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"after {CleanupTimeout.TotalSeconds:F0} s these multipart uploads are still listed: {string.Join(", ", left.Select(u => u.Key))}\nserver output:\n{restarted.OutputTail()}");
            await Task.Delay(500);
        }

        // The restarted node takes writes again.
        await RssRoundTrip.PutGeneratedAsync(reader, PayloadMode.Sdk, Bucket, "after-restart", 2 << 20, 5, CancellationToken.None);
        var (bytes, sha) = await RssRoundTrip.GetAndHashAsync(reader, Bucket, "after-restart", CancellationToken.None);
        Assert.Equal(2 << 20, bytes);
        Assert.Equal(GeneratedStream.Sha256Hex(2 << 20, 5), sha);
    }

    /// <summary>What the key holds (for the summary), and what is wrong with it, if anything.</summary>
    private static async Task<(string Outcome, string? Problem)> CheckAsync(IAmazonS3 reader, string key, KeyHistory history)
    {
        string? actual;
        long bytes;
        try
        {
            (bytes, actual) = await RssRoundTrip.GetAndHashAsync(reader, Bucket, key, CancellationToken.None);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode == "NoSuchKey")
        {
            (bytes, actual) = (0, null);
        }
        catch (AmazonS3Exception e)
        {
            return ("failed GETs", $"{key}: GET failed with {(int)e.StatusCode} {e.ErrorCode}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // A block that fails its check once the headers are out can only be signalled by cutting the body.
            return ("aborted GETs", $"{key}: GET aborted mid-body: {e.Message}");
        }

        var expected = $"acknowledged {Describe(history.Acknowledged, history.AcknowledgedBytes)}, in flight {Describe(history.Pending, history.PendingBytes)}";
        if (actual is null)
        {
            return history.Acknowledged is null
                ? ("absent (never acknowledged)", null)
                : ("lost", $"{key}: NoSuchKey, but it was {expected}");
        }

        if (actual == history.Acknowledged)
        {
            return (history.Pending is null ? "acknowledged content" : "acknowledged content (in-flight write not applied)", null);
        }

        return actual == history.Pending
            ? ("in-flight content (applied, unacknowledged)", null)
            : ("garbage", $"{key}: read {bytes} bytes with sha256 {actual[..16]}…, which is neither the {expected}");
    }

    /// <summary>Bytes of every file under the block directory but its marker: blocks, temp files, set-aside copies.</summary>
    private static long BlockBytes(string blocksDir) =>
        Directory.EnumerateFiles(blocksDir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "garage-marker")
            .Sum(f => new FileInfo(f).Length);

    private static string Describe(string? sha, int bytes) => sha is null ? "nothing" : $"{bytes} bytes sha256 {sha[..16]}…";
}
