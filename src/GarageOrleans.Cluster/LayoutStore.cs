namespace GarageOrleans.Cluster;

/// <summary>
/// The layout this node applies, persisted as JSON in <c>&lt;metadataDir&gt;/cluster_layout</c> so that a restart
/// resumes with it. Reads are a volatile field read; <see cref="Apply"/> is serialised and only ever moves forward.
/// </summary>
public sealed class LayoutStore : ILayoutProvider
{
    public const string FileName = "cluster_layout";

    private readonly Lock _applyLock = new();
    private volatile ClusterLayout _current;

    private LayoutStore(string path, ClusterLayout current)
    {
        FilePath = path;
        _current = current;
    }

    /// <summary>
    /// Raised after a newer layout was persisted and became <see cref="Current"/>, in version order, on the thread
    /// that applied it and while holding the store's lock: handlers must be quick and must not block.
    /// </summary>
    public event Action<ClusterLayout>? Changed;

    public ClusterLayout Current => _current;

    public string FilePath { get; }

    /// <summary>
    /// Loads the stored layout. Without one, a node with <paramref name="autoApplySingleNode"/> applies (and stores)
    /// its own one-node layout at RF 1 (DESIGN §5: a fresh single node works with zero configuration; growing it is a
    /// layout change); otherwise the store starts from <see cref="ClusterLayout.Empty"/> with
    /// <paramref name="replicationFactor"/> and waits for a layout to be applied.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored layout is unreadable (never silently replaced).</exception>
    /// <exception cref="InvalidOperationException">Auto-apply was asked for a node without capacity (a gateway).</exception>
    public static LayoutStore OpenOrInitialize(string metadataDir, LocalNode local, int replicationFactor, bool autoApplySingleNode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metadataDir);
        ArgumentNullException.ThrowIfNull(local);
        Directory.CreateDirectory(metadataDir);
        var path = Path.Combine(metadataDir, FileName);
        if (File.Exists(path))
        {
            return new LayoutStore(path, Load(path));
        }

        var store = new LayoutStore(path, ClusterLayout.Empty(replicationFactor));
        if (autoApplySingleNode)
        {
            if (local.CapacityBytes is not { } capacity)
            {
                throw new InvalidOperationException(
                    "a node without capacity (a gateway) cannot apply a single-node layout: give it a capacity or join it to a cluster");
            }

            store.Apply(ClusterLayout.SingleNode(local.Id, local.Zone, capacity));
        }

        return store;
    }

    /// <summary>
    /// Persists <paramref name="layout"/> and makes it current if its version is higher than the current one.
    /// Returns false (and changes nothing) for an older or equal version, so gossip may deliver layouts in any order.
    /// </summary>
    public bool Apply(ClusterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        lock (_applyLock)
        {
            if (layout.Version <= _current.Version)
            {
                return false;
            }

            // Written before it becomes current: a crash must never leave the node acting on a layout it forgets.
            AtomicFile.Write(FilePath, layout.ToJson());
            _current = layout;
            Changed?.Invoke(layout);
            return true;
        }
    }

    private static ClusterLayout Load(string path)
    {
        try
        {
            return ClusterLayout.FromJson(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} does not hold a valid cluster layout: {e.Message}", e);
        }
    }
}
