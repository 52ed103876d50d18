using System.Collections.Concurrent;
using GarageOrleans.Cluster.Layout;

namespace GarageOrleans.Cluster;

/// <summary>
/// This node's copy of the layout history (docs/cluster.md §2), persisted as JSON in
/// <c>&lt;metadataDir&gt;/layout_history</c> before it is used, so that a restart resumes with it. Reads are a
/// volatile field read; every change goes through <see cref="Merge"/> or <see cref="Update"/>, serialised, and only
/// ever moves the history up the CRDT's order. Also counts the writes in flight per layout version
/// (<see cref="BeginWrite"/>), which is what lets a node acknowledge a new version (Garage's ack tracker).
/// </summary>
public sealed class LayoutStore : ILayoutProvider
{
    public const string FileName = "layout_history";

    /// <summary>The single-version file of earlier releases; read once and migrated.</summary>
    public const string LegacyFileName = "cluster_layout";

    private readonly Lock _lock = new();
    private readonly int _replicationFactor;
    private readonly ConcurrentDictionary<ulong, int> _writesInFlight = new();
    private volatile Snapshot _snapshot;

    private LayoutStore(string path, LayoutHistory history, int replicationFactor)
    {
        FilePath = path;
        _replicationFactor = replicationFactor;
        _snapshot = new Snapshot(history, CurrentOf(history, replicationFactor));
    }

    /// <summary>
    /// Raised after a changed history was persisted and became <see cref="History"/>, on the thread that changed it
    /// and while holding the store's lock: handlers must be quick and must not block.
    /// </summary>
    public event Action<LayoutHistory>? Changed;

    public LayoutHistory History => _snapshot.History;

    /// <summary>The newest version's layout, or an empty layout (seeded with the configured RF) before the first apply.</summary>
    public ClusterLayout Current => _snapshot.Current;

    public string FilePath { get; }

    /// <summary>
    /// Loads the stored history. Without one, a node with <paramref name="autoApplySingleNode"/> applies (and stores)
    /// its own one-node layout at RF 1 (DESIGN §5: a fresh single node works with zero configuration; growing it is a
    /// layout change); otherwise the store starts empty and waits for the operator's first apply to reach it.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored history is unreadable (never silently replaced).</exception>
    /// <exception cref="InvalidOperationException">Auto-apply was asked for a node without capacity (a gateway).</exception>
    public static LayoutStore OpenOrInitialize(string metadataDir, LocalNode local, int replicationFactor, bool autoApplySingleNode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metadataDir);
        ArgumentNullException.ThrowIfNull(local);
        Directory.CreateDirectory(metadataDir);
        var path = Path.Combine(metadataDir, FileName);
        if (File.Exists(path))
        {
            return new LayoutStore(path, Load(path), replicationFactor);
        }

        var legacy = Path.Combine(metadataDir, LegacyFileName);
        if (File.Exists(legacy))
        {
            var migrated = new LayoutStore(path, LayoutHistory.Empty, replicationFactor);
            migrated.Merge(LayoutHistory.Of(LoadLegacy(legacy)));
            return migrated;
        }

        var store = new LayoutStore(path, LayoutHistory.Empty, replicationFactor);
        if (autoApplySingleNode)
        {
            if (local.CapacityBytes is not { } capacity)
            {
                throw new InvalidOperationException(
                    "a node without capacity (a gateway) cannot apply a single-node layout: give it a capacity or join it to a cluster");
            }

            // Through the history's own operations, so that the node's later layout changes start from a normal history.
            store.Update(h => h
                .StageParameters(new LayoutParameters(1, ZoneRedundancy.Maximum), 1)
                .StageRole(new NodeRole(local.Id, local.Zone, capacity), 1)
                .Apply(1, 1)
                .AckUpTo(local.Id, 1)
                .SyncUpTo(local.Id, 1)
                .SyncAckUpTo(local.Id, 1));
        }

        return store;
    }

    /// <summary>
    /// Merges a history received from another node (or computed by the layout coordinator). Returns true when this
    /// node's history changed (then it was persisted and <see cref="Changed"/> raised).
    /// </summary>
    public bool Merge(LayoutHistory incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        return Update(h => h.Merge(incoming));
    }

    /// <summary>Applies a local operation (a tracker raise, a prune) to the history, serialised with every other change.</summary>
    public bool Update(Func<LayoutHistory, LayoutHistory> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            var before = _snapshot.History;
            var after = change(before);
            if (ReferenceEquals(after, before) || after.Digest == before.Digest)
            {
                return false;
            }

            // Written before it is used: a crash must never leave the node acting on a layout it then forgets.
            AtomicFile.Write(FilePath, after.ToJson());
            _snapshot = new Snapshot(after, CurrentOf(after, _replicationFactor));
            Changed?.Invoke(after);
            return true;
        }
    }

    /// <summary>
    /// Marks a write that computed its replica sets from <paramref name="history"/> as in flight until the returned
    /// lease is disposed. A node acknowledges a new version (ack tracker) only once no write that ignored it is left
    /// (<see cref="WritesInFlightBelow"/>).
    /// </summary>
    public WriteLease BeginWrite(out LayoutHistory history)
    {
        history = _snapshot.History;
        var number = history.CurrentNumber;
        _writesInFlight.AddOrUpdate(number, 1, static (_, n) => n + 1);
        return new WriteLease(this, number);
    }

    /// <summary>Writes in flight that computed their replica sets from a history whose newest version was below <paramref name="version"/>.</summary>
    public int WritesInFlightBelow(ulong version) => _writesInFlight.Where(kv => kv.Key < version).Sum(kv => kv.Value);

    private void EndWrite(ulong number) => _writesInFlight.AddOrUpdate(number, 0, static (_, n) => n - 1);

    private static ClusterLayout CurrentOf(LayoutHistory history, int replicationFactor) =>
        history.Current?.Layout ?? ClusterLayout.Empty(replicationFactor);

    private static LayoutHistory Load(string path)
    {
        try
        {
            return LayoutHistory.FromJson(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} does not hold a valid layout history: {e.Message}", e);
        }
    }

    private static ClusterLayout LoadLegacy(string path)
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

    private sealed record Snapshot(LayoutHistory History, ClusterLayout Current);

    /// <summary>One write in flight (see <see cref="BeginWrite"/>); dispose exactly once when the write is done.</summary>
    public readonly struct WriteLease : IDisposable
    {
        private readonly LayoutStore? _store;
        private readonly ulong _number;

        internal WriteLease(LayoutStore store, ulong number) => (_store, _number) = (store, number);

        public void Dispose() => _store?.EndWrite(_number);
    }
}
