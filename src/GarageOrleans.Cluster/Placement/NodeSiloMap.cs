using System.Diagnostics.CodeAnalysis;
using GarageOrleans.Primitives;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace GarageOrleans.Cluster.Placement;

/// <summary>
/// Which active silo hosts which node (the layout names nodes; silo addresses change at every restart). A silo's
/// node id comes from, in order: this silo's own <see cref="LocalNode"/> (known before any metadata is exchanged);
/// the silo metadata entry <see cref="NodeIdMetadataKey"/>; the silo name <c>"garage-&lt;nodeIdHex&gt;"</c>. The
/// name is in the membership table itself, so it is known as soon as the silo is, whereas Orleans fills the metadata
/// cache asynchronously and, after a failed fetch, leaves a silo out of it for minutes (its negative cache).
/// Deterministic: the same membership and metadata give the same map on every silo. Thread-safe.
/// </summary>
public sealed class NodeSiloMap
{
    public const string NodeIdMetadataKey = "garageorleans.node-id";
    public const string SiloNamePrefix = "garage-";

    private readonly LocalNode _local;
    private readonly ILocalSiloDetails _localSilo;
    private readonly IClusterMembershipService _membership;
    private readonly ISiloMetadataCache _metadata;
    private volatile View? _view;

    public NodeSiloMap(LocalNode local, ILocalSiloDetails localSilo, IClusterMembershipService membership, ISiloMetadataCache metadata)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(metadata);
        (_local, _localSilo, _membership, _metadata) = (local, localSilo, membership, metadata);
    }

    /// <summary>Active nodes and their silos, as of the current membership snapshot.</summary>
    public IReadOnlyDictionary<NodeId, SiloAddress> ActiveNodes => CurrentView().Silos;

    /// <summary>The silo name that identifies <paramref name="node"/> in the membership table.</summary>
    public static string SiloNameFor(NodeId node) => SiloNamePrefix + node.ToHex();

    /// <summary>
    /// The active silo hosting <paramref name="node"/>. If two active silos claim the node (a restart not yet
    /// noticed by membership), the newest generation wins: the older process is the one that went away.
    /// </summary>
    public bool TryGetSilo(NodeId node, [NotNullWhen(true)] out SiloAddress? silo) => CurrentView().Silos.TryGetValue(node, out silo);

    /// <summary>The node an active silo hosts, if known.</summary>
    public bool TryGetNode(SiloAddress silo, out NodeId node) => CurrentView().Nodes.TryGetValue(silo, out node);

    private View CurrentView()
    {
        var snapshot = _membership.CurrentSnapshot;
        var view = _view;
        if (view is not null && ReferenceEquals(view.Snapshot, snapshot) && view.Complete)
        {
            return view;
        }

        // Rebuilt while some active silo is still unidentified, since its metadata may have arrived since.
        view = Build(snapshot);
        _view = view;
        return view;
    }

    private View Build(ClusterMembershipSnapshot snapshot)
    {
        var silos = new Dictionary<NodeId, SiloAddress>();
        var nodes = new Dictionary<SiloAddress, NodeId>();
        var complete = true;
        foreach (var member in snapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active)
            {
                continue;
            }

            if (!TryIdentify(member, out var node))
            {
                complete = false;
                continue;
            }

            nodes[member.SiloAddress] = node;
            if (!silos.TryGetValue(node, out var other) || IsNewer(member.SiloAddress, other))
            {
                silos[node] = member.SiloAddress;
            }
        }

        return new View(snapshot, complete, silos, nodes);
    }

    private bool TryIdentify(ClusterMember member, out NodeId node)
    {
        if (member.SiloAddress.Equals(_localSilo.SiloAddress))
        {
            node = _local.Id;
            return true;
        }

        if (_metadata.GetSiloMetadata(member.SiloAddress).Metadata.TryGetValue(NodeIdMetadataKey, out var hex)
            && NodeId.TryParseHex(hex, out node))
        {
            return true;
        }

        node = default;
        return member.Name is { } name && name.StartsWith(SiloNamePrefix, StringComparison.Ordinal)
            && NodeId.TryParseHex(name[SiloNamePrefix.Length..], out node);
    }

    private static bool IsNewer(SiloAddress candidate, SiloAddress current) =>
        candidate.Generation != current.Generation
            ? candidate.Generation > current.Generation
            : string.CompareOrdinal(candidate.ToParsableString(), current.ToParsableString()) > 0;

    private sealed record View(
        ClusterMembershipSnapshot Snapshot,
        bool Complete,
        IReadOnlyDictionary<NodeId, SiloAddress> Silos,
        IReadOnlyDictionary<SiloAddress, NodeId> Nodes);
}
