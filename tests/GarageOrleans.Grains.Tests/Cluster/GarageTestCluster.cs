using System.Text;
using GarageOrleans.Blocks;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Grains.Data;
using GarageOrleans.Primitives;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GarageOrleans.Grains.Tests.Cluster;

/// <summary>
/// Three in-process silos (in-memory transport), each a storage node with its own SQLite metadata file, block
/// directory and layout provider, running the real grains, tables and data path (<see cref="GrainsServiceCollectionExtensions.AddGarageGrains"/>).
/// A silo's files live under a directory named after the silo, so a secondary stopped and restarted comes back with
/// the data it had: a lagging replica.
/// </summary>
public sealed class GarageTestCluster : IAsyncDisposable
{
    public const int SiloCount = 3;
    private const string RootKey = "GarageTest:Root";
    private const string LayoutKey = "GarageTest:Layout";

    private readonly string _root;
    private readonly Dictionary<string, SiloHandle> _restarted = [];

    private GarageTestCluster(Orleans.TestingHost.TestCluster cluster, string root) => (Cluster, _root) = (cluster, root);

    public Orleans.TestingHost.TestCluster Cluster { get; }

    public static IReadOnlyList<string> SiloNames { get; } = ["Primary", .. Enumerable.Range(1, SiloCount - 1).Select(i => $"Secondary_{i}")];

    /// <summary>The node of each silo, in <see cref="SiloNames"/> order.</summary>
    public static IReadOnlyList<NodeId> Nodes { get; } = [.. SiloNames.Select(NodeOf)];

    /// <summary>Version 1: the three nodes, one zone each, RF 3 (every partition on every node).</summary>
    public static LayoutHistory ThreeNodesRf3 { get; } = LayoutHistory.Of(ClusterLayout.Compute(
        1, 3, [.. SiloNames.Select((name, i) => new NodeRole(NodeOf(name), $"zone{i}", 1_000_000_000))], null));

    public static NodeId NodeOf(string siloName) => new(Hash32.Sha256(Encoding.UTF8.GetBytes("garage test node " + siloName)));

    public static async Task<GarageTestCluster> StartAsync(LayoutHistory? history = null)
    {
        var root = Directory.CreateTempSubdirectory("garage-cluster-").FullName;
        var builder = new TestClusterBuilder(SiloCount) { PortAllocator = new PrivatePortAllocator() };
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[RootKey] = root;
        builder.Properties[LayoutKey] = (history ?? ThreeNodesRf3).ToJson();
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var result = new GarageTestCluster(cluster, root);
        foreach (var name in SiloNames)
        {
            await result.WaitUntilActiveNodesAsync(name, SiloCount);
        }

        return result;
    }

    /// <summary>The service provider of the running silo named <paramref name="siloName"/>.</summary>
    public IServiceProvider Services(string siloName) => ((InProcessSiloHandle)Silo(siloName)).ServiceProvider;

    public MetadataTables Tables(string siloName) => Services(siloName).GetRequiredService<MetadataTables>();

    public BlockStore Blocks(string siloName) => Services(siloName).GetRequiredService<BlockStore>();

    public TestLayoutProvider Layout(string siloName) => (TestLayoutProvider)Services(siloName).GetRequiredService<ILayoutProvider>();

    /// <summary>The block directory of a silo (also while it is stopped).</summary>
    public string DataDir(string siloName) => Path.Combine(_root, siloName, "data");

    public SiloHandle Silo(string siloName) =>
        _restarted.TryGetValue(siloName, out var handle) ? handle : Cluster.Silos.Single(s => s.Name == siloName);

    /// <summary>
    /// Starts a stopped secondary again, with its files (TestCluster's own RestartStoppedSecondarySiloAsync looks the
    /// silo up among the running ones, so it cannot find a stopped one).
    /// </summary>
    public async Task RestartAsync(string siloName)
    {
        var instance = SiloNames.ToList().IndexOf(siloName);
        _restarted[siloName] = await Cluster.StartSiloAsync(instance, Cluster.Options);
    }

    /// <summary>Waits, on membership updates, until <paramref name="siloName"/>'s node map lists exactly <paramref name="count"/> active nodes.</summary>
    public async Task WaitUntilActiveNodesAsync(string siloName, int count)
    {
        var services = Services(siloName);
        var map = services.GetRequiredService<NodeSiloMap>();
        var membership = services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(timeout.Token))
            {
                if (map.ActiveNodes.Count == count)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"silo {siloName} knew {map.ActiveNodes.Count} active nodes, not {count}, after 30 s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var handle in _restarted.Values)
            {
                await Cluster.StopSiloAsync(handle);
                await handle.DisposeAsync();
            }

            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // a file still open; the OS temp cleaner gets it
            }
        }
    }

    /// <summary>A settable layout history: tests switch versions under a running cluster.</summary>
    public sealed class TestLayoutProvider(LayoutHistory history) : ILayoutProvider
    {
        private volatile LayoutHistory _history = history;

        public LayoutHistory History
        {
            get => _history;
            set => _history = value;
        }

        public ClusterLayout Current => _history.Current?.Layout ?? ClusterLayout.Empty(3);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var name = siloBuilder.Configuration["Orleans:Name"] ?? throw new InvalidOperationException("silo has no name");
            var dir = Path.Combine(siloBuilder.Configuration[RootKey]!, name);
            var history = LayoutHistory.FromJson(siloBuilder.Configuration[LayoutKey]!);
            var node = NodeOf(name);
            var services = siloBuilder.Services;

            siloBuilder.AddGarageNodeMetadata(new LocalNode(node, history.Current!.Layout.RoleOf(node)!.Zone, 1_000_000_000));
            siloBuilder.AddGaragePlacement();
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IMetadataEngine>(_ => SqliteMetadataEngine.Open(
                new MetadataEngineOptions { Path = Path.Combine(dir, "db.sqlite"), Fsync = false }));
            services.AddSingleton(new BlockStoreOptions { DataDir = Path.Combine(dir, "data"), Fsync = false });
            services.AddSingleton<BlockStore>();
            services.AddSingleton<ILayoutProvider>(new TestLayoutProvider(history));
            services.AddGarageGrains(new TableClientOptions(), new BlockDataOptions());
        }
    }

    /// <summary>The in-memory transport binds nothing: ports only need to be distinct within the cluster.</summary>
    private sealed class PrivatePortAllocator : ITestClusterPortAllocator
    {
        private int _next = 42000;

        public (int, int) AllocateConsecutivePortPairs(int numPorts)
        {
            var silo = Interlocked.Add(ref _next, 2 * numPorts) - (2 * numPorts);
            return (silo, silo + numPorts);
        }

        public void Dispose()
        {
        }
    }
}
