using System.Text;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Cluster.Tests.Placement;
using GarageOrleans.Primitives;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GarageOrleans.Cluster.Tests.TestCluster;

/// <summary>
/// Three in-process silos (in-memory transport), each hosting its own node, with a 3-node layout at RF 2.
/// </summary>
public sealed class PlacementClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;

    public Orleans.TestingHost.TestCluster Cluster { get; private set; } = null!;

    /// <summary>The layout every silo uses: the three nodes, one zone each, RF 2.</summary>
    public static ClusterLayout Layout { get; } = ClusterLayout.Compute(
        1, 2, [.. SiloNames().Select((name, i) => new NodeRole(NodeOf(name), $"zone{i}", 1_000_000))], null);

    public static NodeId NodeOf(string siloName) => new(Hash32.Sha256(Encoding.UTF8.GetBytes("node of " + siloName)));

    public static IEnumerable<string> SiloNames() => ["Primary", .. Enumerable.Range(1, SiloCount - 1).Select(i => $"Secondary_{i}")];

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(SiloCount) { PortAllocator = new PrivatePortAllocator() };
        builder.Options.ConfigureFileLogging = false;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        foreach (var silo in Cluster.Silos)
        {
            await WaitUntilAllNodesKnownAsync(((InProcessSiloHandle)silo).ServiceProvider, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }

    /// <summary>Waits, on membership updates rather than a timer, until the silo maps every node to a silo.</summary>
    private static async Task WaitUntilAllNodesKnownAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var map = services.GetRequiredService<NodeSiloMap>();
        var membership = services.GetRequiredService<IClusterMembershipService>();
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                if (map.ActiveNodes.Count == SiloCount)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"silo {services.GetRequiredService<ILocalSiloDetails>().Name} knew {map.ActiveNodes.Count} of {SiloCount} nodes after 15 s");
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var name = siloBuilder.Configuration["Orleans:Name"] ?? throw new InvalidOperationException("silo has no name");
            siloBuilder.AddGarageNodeMetadata(new LocalNode(NodeOf(name), "zone", 1_000_000));
            siloBuilder.AddGaragePlacement();
            siloBuilder.Services.AddSingleton<ILayoutProvider>(new FakeLayoutProvider(Layout));
        }
    }

    /// <summary>
    /// The in-memory transport binds nothing, so ports only need to be distinct within the cluster; this avoids the
    /// default allocator's probing of thousands of ports (reference/orleans-10.md §6).
    /// </summary>
    private sealed class PrivatePortAllocator : ITestClusterPortAllocator
    {
        private int _next = 41000;

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
