using System.Diagnostics;
using System.Globalization;
using System.Net;
using GarageOrleans.EndToEnd.Tests.Infrastructure;

namespace GarageOrleans.Cluster.ProcessTests;

/// <summary>
/// N server processes on 127.0.0.1 forming one cluster through adonet membership, each with its own data dir and
/// zone (z1..z3 round robin), the layout applied with the CLI as an operator would (<c>layout assign</c>,
/// <c>layout config</c>, <c>layout apply</c>), and one access key. Nodes can be SIGKILLed, restarted on their data
/// and added; dispose stops every process still running.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public const string Capacity = "1G";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, string> _settings;
    private readonly List<Member> _members = [];

    private ProcessCluster(string connectionString)
    {
        Token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        _settings = new Dictionary<string, string>
        {
            ["Cluster:Id"] = "faults-" + Guid.NewGuid().ToString("N")[..10],
            ["Cluster:Membership"] = "adonet",
            ["Cluster:MembershipConnectionString"] = connectionString,
            ["Admin:Token"] = Token,
            ["Node:Capacity"] = Capacity,
            ["Node:MetadataFsync"] = "false",
            ["Node:DataFsync"] = "false",
        };
    }

    public string Token { get; }

    public IReadOnlyList<Member> Members => _members;

    public AccessKey Key { get; private set; } = new("", "");

    public static async Task<ProcessCluster> StartAsync(string connectionString, int count)
    {
        var cluster = new ProcessCluster(connectionString);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => cluster.StartMemberAsync()));
            await WaitAsync(() => cluster.AllUpEverywhereAsync(), "every node to see every other");
            foreach (var member in cluster._members)
            {
                await cluster.Cli().RunAsync("layout", "assign", member.NodeId, "-z", member.Zone, "-c", Capacity);
            }

            await cluster.Cli().RunAsync("layout", "config", "-r", Math.Min(3, count).ToString(CultureInfo.InvariantCulture));
            await cluster.Cli().RunAsync("layout", "apply", "--version", "1");
            await cluster.WaitReadyAsync();
            cluster.Key = await cluster.Cli().CreateKeyAsync("faults");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node (next zone), a member of the cluster but not in the layout.</summary>
    public async Task<Member> AddAsync()
    {
        var member = await StartMemberAsync();
        await WaitAsync(() => AllUpEverywhereAsync(), "every node to see the new node");
        return member;
    }

    /// <summary>The CLI against the admin API of the first live node.</summary>
    public GarageCli Cli() => new(_members.First(m => m.IsUp).Process!.AdminUrl, Token);

    /// <summary>SIGKILL, as a power cut.</summary>
    public void Kill(Member member)
    {
        member.IsUp = false;
        member.Process!.Kill();
    }

    /// <summary>Starts a killed node again on its data (and its ports when still free), and waits until it is ready.</summary>
    public async Task RestartAsync(Member member)
    {
        var old = member.Process!;
        member.IsUp = false;
        await old.DisposeAsync();
        member.Process = await ServerProcess.StartAsync(member.Root.Path, old.Ports.ReuseIfFree(), Settings(member.Zone));
        member.IsUp = true;
        await WaitReadyAsync();
    }

    public async Task WaitReadyAsync() =>
        await WaitAsync(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var member in _members.Where(m => m.IsUp))
            {
                using var ready = await http.GetAsync(new Uri(member.Process!.AdminUrl, "/health/ready"));
                if (ready.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }

            return true;
        }, "every live node to be ready");

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            if (member.Process is { } process)
            {
                await process.DisposeAsync();
            }

            member.Root.Dispose();
        }
    }

    private Dictionary<string, string> Settings(string zone) => new(_settings) { ["Node:Zone"] = zone };

    private async Task<Member> StartMemberAsync()
    {
        Member member;
        lock (_members)
        {
            var zone = "z" + ((_members.Count % 3) + 1).ToString(CultureInfo.InvariantCulture);
            member = new Member(new TempDirectory("garage-faults"), zone);
            _members.Add(member);
        }

        member.Process = await ServerProcess.StartAsync(member.Root.Path, LoopbackPorts.Allocate(), Settings(member.Zone));
        member.NodeId = File.ReadAllText(Path.Combine(member.Process.MetadataDir, "node_id")).Trim();
        member.IsUp = true;
        return member;
    }

    private async Task<bool> AllUpEverywhereAsync()
    {
        foreach (var member in _members.Where(m => m.IsUp))
        {
            var up = await UpNodesAsync(member);
            if (!_members.All(m => up.Contains(m.NodeId)))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<HashSet<string>> UpNodesAsync(Member member)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        var json = await http.GetStringAsync(new Uri(member.Process!.AdminUrl, "/v2/GetClusterStatus"));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("isUp").GetBoolean())
            .Select(n => n.GetProperty("id").GetString()!)];
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < ReadyTimeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                last = e;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"waited {ReadyTimeout.TotalSeconds:F0} s for {what}; last error: {last?.Message ?? "none"}");
    }

    /// <summary>One node: its data dir (kept across restarts), zone, node id and current process.</summary>
    internal sealed class Member(TempDirectory root, string zone)
    {
        private bool _isUp;

        public TempDirectory Root { get; } = root;

        public string Zone { get; } = zone;

        public string NodeId { get; set; } = "";

        public ServerProcess? Process { get; set; }

        /// <summary>Started and not killed since: what load generators may send requests to (volatile: read by other threads).</summary>
        public bool IsUp
        {
            get => Volatile.Read(ref _isUp);
            set => Volatile.Write(ref _isUp, value);
        }

        public Uri S3Url => Process!.S3Url;

        public override string ToString() => $"node {NodeId[..8]} ({Zone})";
    }
}
