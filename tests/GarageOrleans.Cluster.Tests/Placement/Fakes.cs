using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Primitives;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace GarageOrleans.Cluster.Tests.Placement;

internal sealed class FakeMembership : IClusterMembershipService
{
    public ClusterMembershipSnapshot CurrentSnapshot { get; set; } =
        new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, new MembershipVersion(1));

    public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => AsyncEnumerable.Empty<ClusterMembershipSnapshot>();

    public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
}

internal sealed class FakeMetadataCache : ISiloMetadataCache
{
    public Dictionary<SiloAddress, SiloMetadata> Entries { get; } = [];

    public SiloMetadata GetSiloMetadata(SiloAddress siloAddress) => Entries.GetValueOrDefault(siloAddress) ?? SiloMetadata.Empty;
}

internal sealed class FakeLocalSilo(SiloAddress address) : ILocalSiloDetails
{
    public string Name => "local";

    public string ClusterId => "test";

    public string DnsHostName => "localhost";

    public SiloAddress SiloAddress => address;

    public SiloAddress GatewayAddress => address;
}

internal sealed class FakePlacementContext(SiloAddress local, SiloAddress[] compatible) : IPlacementContext
{
    public SiloAddress LocalSilo => local;

    public SiloStatus LocalSiloStatus => SiloStatus.Active;

    public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => compatible;

    public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
        new Dictionary<ushort, SiloAddress[]> { [0] = compatible };
}

internal sealed class FakeLayoutProvider(ClusterLayout layout) : ILayoutProvider
{
    public ClusterLayout Current { get; set; } = layout;

    public LayoutHistory History => LayoutHistory.Of(Current);
}

/// <summary>
/// A cluster seen from one silo, without Orleans: silos on 127.0.0.1:11000+i, each hosting node i, published through
/// metadata. Tests change statuses, metadata and names, then ask the directors.
/// </summary>
internal sealed class PlacementWorld
{
    private readonly Dictionary<SiloAddress, ClusterMember> _members = [];
    private long _version = 1;

    public PlacementWorld(int silos, int localIndex = 0)
    {
        Nodes = [.. Enumerable.Range(0, silos).Select(i => TestNodes.Id($"node{i}"))];
        Silos = [.. Enumerable.Range(0, silos).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + i), 1))];
        for (var i = 0; i < silos; i++)
        {
            SetMember(Silos[i], SiloStatus.Active, $"silo{i}");
            if (i != localIndex)
            {
                Metadata.Entries[Silos[i]] = NodeMetadata(Nodes[i]);
            }
        }

        Local = Silos[localIndex];
        Map = new NodeSiloMap(new LocalNode(Nodes[localIndex], "dc1", 1000), new FakeLocalSilo(Local), Membership, Metadata);
    }

    public NodeId[] Nodes { get; }

    public SiloAddress[] Silos { get; }

    public SiloAddress Local { get; }

    public FakeMembership Membership { get; } = new();

    public FakeMetadataCache Metadata { get; } = new();

    public NodeSiloMap Map { get; }

    /// <summary>SiloMetadata 10.4.2 can only be filled through its internal AddMetadata (UseSiloMetadata does that).</summary>
    public static SiloMetadata NodeMetadata(NodeId node)
    {
        var metadata = new SiloMetadata();
        typeof(SiloMetadata)
            .GetMethod("AddMetadata", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(string), typeof(string)])!
            .Invoke(metadata, [NodeSiloMap.NodeIdMetadataKey, node.ToHex()]);
        return metadata;
    }

    public static PlacementTarget Target(string key, Dictionary<string, object>? requestContext = null) =>
        new(GrainId.Create("test", key), requestContext ?? [], new GrainInterfaceType("test"), 0);

    /// <summary>Adds or updates a member and publishes a new snapshot, as a membership change would.</summary>
    public void SetMember(SiloAddress silo, SiloStatus status, string name)
    {
        _members[silo] = new ClusterMember(silo, status, name);
        Membership.CurrentSnapshot = new ClusterMembershipSnapshot(_members.ToImmutableDictionary(), new MembershipVersion(++_version));
    }

    public FakePlacementContext Context() =>
        new(Local, [.. _members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)]);
}
