using GarageOrleans.Cluster.Layout;

namespace GarageOrleans.Cluster;

/// <summary>The layout this node currently applies. Reads are cheap (a field read); safe from any thread.</summary>
public interface ILayoutProvider
{
    /// <summary>The newest version's layout (placement, status); an empty layout before the first apply.</summary>
    ClusterLayout Current { get; }

    /// <summary>Every version still in use, with the trackers: what request routing reads (<see cref="ReplicaSets"/>).</summary>
    LayoutHistory History { get; }

    /// <summary>
    /// Takes the history a write routes by and counts the write as in flight until the lease is disposed, so the node
    /// acknowledges a newer version only when no write that ignored it is left. Providers without versions (tests)
    /// need no lease.
    /// </summary>
    LayoutStore.WriteLease BeginWrite(out LayoutHistory history)
    {
        history = History;
        return default;
    }
}
