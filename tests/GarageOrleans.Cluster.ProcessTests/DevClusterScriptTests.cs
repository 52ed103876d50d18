using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using GarageOrleans.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GarageOrleans.Cluster.ProcessTests;

/// <summary>
/// <c>scripts/dev-cluster.sh</c> as outside checks use it (DESIGN §8): <c>start 3</c> prints the cluster's JSON and
/// gives a working RF 3 store; <c>kill</c>, <c>restart</c> and <c>add</c> do what they say; <c>stop</c> leaves no
/// process behind. On a free port range of its own and a state dir of its own.
/// </summary>
public sealed class DevClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task StartThree_KillRestartAdd_Stop_KeepsTheStoreWorkingAndLeavesNothingRunning()
    {
        using var state = new TempDirectory("garage-devcluster");

        // PostgreSQL runs as the postgres user, which must get through the state dir to its own (mkdtemp makes 0700).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(state.Path, (UnixFileMode)0b111_101_101);
        }
        var basePort = FreePortRange(45);
        var pids = new List<int>();
        try
        {
            using var started = JsonDocument.Parse(await RunAsync(state.Path, "start", "3", "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var root = started.RootElement;
            var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(3, nodes.Count);
            Assert.Equal(["z1", "z2", "z3"], nodes.Select(n => n.GetProperty("zone").GetString()));
            Assert.Equal(3, nodes.Select(n => n.GetProperty("nodeId").GetString()).Distinct().Count());
            pids.AddRange(nodes.Select(n => n.GetProperty("pid").GetInt32()));
            var key = new AccessKey(root.GetProperty("accessKeyId").GetString()!, root.GetProperty("secretAccessKey").GetString()!);
            var s3Urls = nodes.Select(n => new Uri(n.GetProperty("s3").GetString()!)).ToList();

            var body = new byte[1_500_000];
            Random.Shared.NextBytes(body);
            using (var s3 = S3Clients.Create(s3Urls[1], key, TimeSpan.FromSeconds(30)))
            {
                await s3.PutBucketAsync("dev-cluster");
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "dev-cluster", Key = "o", InputStream = new MemoryStream(body) });
            }

            await RunAsync(state.Path, "kill", "1");
            Assert.Equal(body, await GetWithRetriesAsync(s3Urls[2], key, TimeSpan.FromSeconds(30)));

            using (var restarted = JsonDocument.Parse(await RunAsync(state.Path, "restart", "1")))
            {
                pids.Add(restarted.RootElement.GetProperty("pid").GetInt32());
            }

            Assert.Equal(body, await GetWithRetriesAsync(s3Urls[1], key, TimeSpan.FromSeconds(30)));

            using (var added = JsonDocument.Parse(await RunAsync(state.Path, "add")))
            {
                Assert.Equal("z1", added.RootElement.GetProperty("zone").GetString());
                Assert.Equal(64, added.RootElement.GetProperty("nodeId").GetString()!.Length);
                pids.Add(added.RootElement.GetProperty("pid").GetInt32());
            }
        }
        finally
        {
            await RunAsync(state.Path, "stop");
        }

        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"pid {pid} still runs after stop"));
    }

    private async Task<string> RunAsync(string stateDir, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BuildOutput.Script("dev-cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ChildProcess.Sanitize(start.Environment);
        start.Environment["DEV_CLUSTER_DIR"] = stateDir;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(deadline.Token);
        output.WriteLine($"dev-cluster.sh {string.Join(' ', arguments)} → {process.ExitCode}\n{await stderr}");
        Assert.True(process.ExitCode == 0, $"dev-cluster.sh {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stderr}");
        return await stdout;
    }

    /// <summary>GET through <paramref name="endpoint"/>, retrying 503s while membership notices the kill.</summary>
    private static async Task<byte[]> GetWithRetriesAsync(Uri endpoint, AccessKey key, TimeSpan within)
    {
        using var s3 = S3Clients.Create(endpoint, key, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await s3.GetObjectAsync("dev-cluster", "o");
                using var copy = new MemoryStream();
                await response.ResponseStream.CopyToAsync(copy);
                return copy.ToArray();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable && clock.Elapsed < within)
            {
                await Task.Delay(250);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        // A zombie (state Z) has exited; this sandbox's init does not always reap it.
        var fields = File.ReadAllText(stat).Split(')').Last().Trim();
        return !fields.StartsWith('Z');
    }

    /// <summary>The start of <paramref name="count"/> consecutive loopback ports that are free now.</summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = Random.Shared.Next(20_000, 32_000);
            if (Enumerable.Range(start, count).All(LoopbackPorts.IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free loopback ports found");
    }
}
