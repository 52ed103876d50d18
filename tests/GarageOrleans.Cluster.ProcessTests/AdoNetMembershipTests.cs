using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GarageOrleans.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GarageOrleans.Cluster.ProcessTests;

/// <summary>
/// Separate server processes with <c>Cluster:Membership = adonet</c> on one PostgreSQL form one Orleans cluster,
/// notice a kill -9, and take the node back when it restarts on its data and ports.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdoNetMembershipTests(PostgresFixture postgres, ITestOutputHelper output)
{
    /// <summary>
    /// How long the survivor may take to declare a SIGKILLed node dead. Measured with MembershipTuning on a loaded
    /// 2-core machine: 2.2–3.3 s until the table says Dead, 4.2–5.2 s until this test saw it (docs/cluster.md §1).
    /// The bound leaves room for a slow CI machine and still fails if the tuning is lost (Orleans' defaults: 10–12 s).
    /// </summary>
    private static readonly TimeSpan DeathDeclarationBound = TimeSpan.FromSeconds(9);

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task TwoNodes_FormOneCluster_DeclareAKilledNodeDead_AndTakeItBackAfterARestart()
    {
        var settings = Settings(postgres.ConnectionString);
        using var rootA = new TempDirectory("garage-node-a");
        using var rootB = new TempDirectory("garage-node-b");
        var startA = ServerProcess.StartAsync(rootA.Path, LoopbackPorts.Allocate(), settings);
        var startB = ServerProcess.StartAsync(rootB.Path, LoopbackPorts.Allocate(), settings);
        await using var a = await startA;
        await using var b = await startB;
        ServerProcess? restarted = null;
        try
        {
            var idA = NodeId(a);
            var idB = NodeId(b);
            await WaitUntilAsync(a, nodes => nodes.Contains(idA) && nodes.Contains(idB), "node A to list A and B");
            await WaitUntilAsync(b, nodes => nodes.Contains(idA) && nodes.Contains(idB), "node B to list A and B");

            // No layout yet (a cluster member never applies its own): not ready, and S3 says why with a 503.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using (var ready = await http.GetAsync(new Uri(a.AdminUrl, "/health/ready")))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            using (var s3 = await http.SendAsync(SignedListBuckets(a.S3Url)))
            {
                var body = await s3.Content.ReadAsStringAsync();
                Assert.True(s3.StatusCode == HttpStatusCode.ServiceUnavailable, $"S3 answered {(int)s3.StatusCode}: {body}");
                Assert.Contains("<Code>ServiceUnavailable</Code>", body, StringComparison.Ordinal);
                Assert.Contains("no cluster layout yet", body, StringComparison.Ordinal);
            }

            b.Kill();
            var clock = Stopwatch.StartNew();
            await WaitUntilAsync(a, nodes => !nodes.Contains(idB), "node A to declare the killed node B dead");
            var detection = clock.Elapsed;
            output.WriteLine($"killed node declared dead after {detection.TotalSeconds:F1} s");
            Assert.True(detection < DeathDeclarationBound, $"declared dead after {detection.TotalSeconds:F1} s, expected under {DeathDeclarationBound.TotalSeconds} s");
            using (var live = await http.GetAsync(new Uri(a.AdminUrl, "/health/live")))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            restarted = await ServerProcess.StartAsync(rootB.Path, b.Ports, settings);
            Assert.Equal(idB, NodeId(restarted));
            await WaitUntilAsync(a, nodes => nodes.Contains(idA) && nodes.Contains(idB), "node A to list the restarted node B");
            await WaitUntilAsync(restarted, nodes => nodes.Contains(idA) && nodes.Contains(idB), "the restarted node B to list A and B");
        }
        catch
        {
            output.WriteLine($"node A output:\n{a.OutputTail()}\nnode B output:\n{(restarted ?? b).OutputTail()}");
            throw;
        }
        finally
        {
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Node_OnADatabaseWithoutTheSchema_FailsToStartWithAClearMessage()
    {
        const string Canary = "canary-password-4f1d";
        using var root = new TempDirectory("garage-node-noschema");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ServerProcess.StartAsync(root.Path, LoopbackPorts.Allocate(), Settings($"{postgres.WithoutSchema};Password={Canary}")));

        Assert.Contains("no membership schema", failure.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/sql/postgresql-membership.sql", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Each test its own cluster id: the tests share one database, whose membership rows are keyed by it.</summary>
    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["Cluster:Id"] = "test-" + Guid.NewGuid().ToString("N")[..12],
        ["Cluster:Membership"] = "adonet",
        ["Cluster:MembershipConnectionString"] = connectionString,
    };

    private static string NodeId(ServerProcess server) => File.ReadAllText(Path.Combine(server.MetadataDir, "node_id")).Trim();

    // A separate process offers nothing to await but its admin API: poll it, bounded, and say what was awaited.
    private static async Task WaitUntilAsync(ServerProcess server, Func<IReadOnlyList<string>, bool> condition, string what)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.GeneratedAdminToken());
        var url = new Uri(server.AdminUrl, "/v2/GetClusterStatus");
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < JoinTimeout)
        {
            try
            {
                var json = await http.GetStringAsync(url);
                last = json;
                using var status = JsonDocument.Parse(json);
                var up = status.RootElement.GetProperty("nodes").EnumerateArray()
                    .Where(n => n.GetProperty("isUp").GetBoolean())
                    .Select(n => n.GetProperty("id").GetString()!)
                    .ToList();
                if (condition(up))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"waited {JoinTimeout.TotalSeconds:F0} s for {what}; last status: {last}");
    }

    /// <summary>
    /// ListBuckets with a well-formed SigV4 header for an unknown key: authentication looks the key up in the key
    /// table, which is where a node without a layout fails.
    /// </summary>
    private static HttpRequestMessage SignedListBuckets(Uri s3)
    {
        var now = DateTime.UtcNow;
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(s3, "/"));
        request.Headers.TryAddWithoutValidation("x-amz-date", now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=GK000000000000000000000000/{date}/garage/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={new string('0', 64)}");
        return request;
    }
}
