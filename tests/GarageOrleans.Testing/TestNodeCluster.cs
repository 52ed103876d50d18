using System.Globalization;
using GarageOrleans.Abstractions;
using GarageOrleans.Cluster;
using GarageOrleans.Primitives;
using Microsoft.Extensions.DependencyInjection;

namespace GarageOrleans.Testing;

/// <summary>
/// Several real nodes in this process (each a full node through Hosting: its own silo, SQLite file, block directory
/// and Kestrel), one cluster through <c>adonet</c> membership on a <see cref="TestPostgres"/>, zones z1..z3 round
/// robin, with a layout applied through the layout coordinator grain (as the admin API does) and one access key.
/// </summary>
public sealed class TestNodeCluster : IAsyncDisposable
{
    private static readonly TimeSpan LayoutTimeout = TimeSpan.FromSeconds(60);

    private TestNodeCluster(IReadOnlyList<TestNode> nodes) => Nodes = nodes;

    public IReadOnlyList<TestNode> Nodes { get; }

    public static async Task<TestNodeCluster> StartAsync(TestPostgres postgres, int count, int? replicationFactor = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var clusterId = "test-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var nodes = new List<TestNode>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                nodes.Add(await TestNode.StartAsync(settings: new Dictionary<string, string?>
                {
                    ["Cluster:Id"] = clusterId,
                    ["Cluster:Membership"] = "adonet",
                    ["Cluster:MembershipConnectionString"] = postgres.ConnectionString,
                    ["Node:Zone"] = "z" + ((i % 3) + 1).ToString(CultureInfo.InvariantCulture),
                    ["Node:Capacity"] = "10G",
                }, createKey: false));
            }

            var cluster = new TestNodeCluster(nodes);
            await cluster.ApplyLayoutAsync(replicationFactor ?? Math.Min(3, count));
            var key = await nodes[0].CreateKeyAsync("test-key");
            foreach (var node in nodes)
            {
                node.AccessKeyId = key.AccessKeyId;
                node.SecretAccessKey = key.SecretAccessKey;
            }

            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    public static NodeId NodeIdOf(TestNode node) => node.Node.Services.GetRequiredService<LocalNode>().Id;

    public static LayoutStore LayoutOf(TestNode node) => node.Node.Services.GetRequiredService<LayoutStore>();

    /// <summary>Every node gets a storage role; then version 1 is applied and awaited on every node.</summary>
    private async Task ApplyLayoutAsync(int replicationFactor)
    {
        var layout = Nodes[0].Grains.GetGrain<ILayoutGrain>(0);
        var roles = Nodes.Select(n =>
        {
            var local = n.Node.Services.GetRequiredService<LocalNode>();
            return new StagedRoleChange(local.Id, false, local.Zone, local.CapacityBytes);
        }).ToList();

        // Every node must be a member before the coordinator gathers and spreads; membership takes a moment.
        await WaitAsync(() => Nodes.All(n => n.Node.Services.GetRequiredService<Cluster.Placement.NodeSiloMap>().ActiveNodes.Count == Nodes.Count), "membership");
        await layout.StageAsync(roles, new LayoutParametersInfo(replicationFactor, null));
        var applied = await layout.ApplyAsync(1);
        await WaitAsync(() => Nodes.All(n => LayoutOf(n).History.CurrentNumber >= applied.Version), "layout on every node");
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + LayoutTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"cluster start: {what} not reached within {LayoutTimeout}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // In reverse, so the first node (where the coordinator most likely lives) goes last.
        for (var i = Nodes.Count - 1; i >= 0; i--)
        {
            await Nodes[i].DisposeAsync();
        }
    }
}
