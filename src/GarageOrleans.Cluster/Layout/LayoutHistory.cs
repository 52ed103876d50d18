using System.Collections.Immutable;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// The cluster layout as a history of versions plus Garage's trackers and the staging area (docs/cluster.md §2 and
/// §10). Immutable; every operation returns a new history. It is a state-based CRDT: <see cref="Merge"/> is
/// commutative, associative and idempotent, so nodes that exchange histories in any order converge.
/// <para>
/// Normal form, which every constructor path keeps: <see cref="Versions"/> ascending by number, one per number, all at
/// or above <see cref="PrunedBelow"/>; <see cref="Seen"/> sorted, also at or above <see cref="PrunedBelow"/>.
/// </para>
/// </summary>
public sealed partial class LayoutHistory : ICrdt<LayoutHistory>
{
    /// <summary>Retired versions kept for block lookups while data moves (Garage keeps 5 old versions).</summary>
    public const int RetiredVersionsKept = 5;

    private readonly ImmutableArray<LayoutVersion> _versions;
    private readonly ImmutableArray<VersionRef> _seen;
    private Lazy<LayoutDigest>? _digest;

    private LayoutHistory(
        ImmutableArray<LayoutVersion> versions, ulong prunedBelow, ImmutableArray<VersionRef> seen, LayoutTrackers trackers, LayoutStaging staging)
    {
        _versions = versions;
        PrunedBelow = prunedBelow;
        _seen = seen;
        Trackers = trackers;
        Staging = staging;
    }

    /// <summary>The history of a node that has not seen any layout yet.</summary>
    public static LayoutHistory Empty { get; } = new([], 0, [], LayoutTrackers.Empty, LayoutStaging.Empty);

    /// <summary>The versions held, ascending by number (contiguous: each apply is current + 1).</summary>
    public IReadOnlyList<LayoutVersion> Versions => _versions;

    /// <summary>
    /// Versions below this number were pruned and never come back: <see cref="Merge"/> drops them from the other side
    /// too. Grows only (merge = max).
    /// </summary>
    public ulong PrunedBelow { get; }

    /// <summary>
    /// Every version id held by this history or any history merged into it (above <see cref="PrunedBelow"/>), so that
    /// a conflict stays visible after the losing content was dropped. Grow-only set.
    /// </summary>
    public IReadOnlyList<VersionRef> Seen => _seen;

    public LayoutTrackers Trackers { get; }

    public LayoutStaging Staging { get; }

    /// <summary>The newest version, or null for an empty history.</summary>
    public LayoutVersion? Current => _versions.IsEmpty ? null : _versions[^1];

    /// <summary>The newest version's number, 0 for an empty history.</summary>
    public ulong CurrentNumber => Current?.Number ?? 0;

    /// <summary>True when two different contents were applied with one number (see <see cref="DivergedNumbers"/>).</summary>
    public bool Diverged => DivergedNumbers.Count > 0;

    /// <summary>Version numbers for which different contents were seen; the lower content hash is the one kept.</summary>
    public IReadOnlyList<ulong> DivergedNumbers =>
        [.. _seen.GroupBy(r => r.Number).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>min(ack) over every node with a role in the current version (gateways write too).</summary>
    public ulong AckMin => TrackerMin(Trackers.Ack, Current?.Layout.Roles.Select(r => r.Node));

    /// <summary>min(sync) over the storage nodes of the current version.</summary>
    public ulong SyncMin => TrackerMin(Trackers.Sync, Current?.Layout.StorageNodes);

    /// <summary>min(syncAck) over the storage nodes of the current version: versions below it are retired.</summary>
    public ulong SyncAckMin => TrackerMin(Trackers.SyncAck, Current?.Layout.StorageNodes);

    /// <summary>
    /// The versions writes go to: every version at or above <see cref="SyncAckMin"/> (always including the current
    /// one). Older versions are retired and kept only for block lookups (<see cref="RetiredVersions"/>).
    /// </summary>
    public IReadOnlyList<LayoutVersion> ActiveVersions
    {
        get
        {
            var min = SyncAckMin;
            return [.. _versions.Where(v => v.Number >= min)];
        }
    }

    /// <summary>Versions below <see cref="SyncAckMin"/> still held (at most a few after pruning).</summary>
    public IReadOnlyList<LayoutVersion> RetiredVersions
    {
        get
        {
            var min = SyncAckMin;
            return [.. _versions.Where(v => v.Number < min)];
        }
    }

    /// <summary>
    /// The version reads use: the newest version whose number is at most <see cref="SyncMin"/>, i.e. one every
    /// storage node of the current version has synced; the oldest held version when none qualifies; null when empty.
    /// </summary>
    public LayoutVersion? ReadVersion
    {
        get
        {
            if (_versions.IsEmpty)
            {
                return null;
            }

            var min = SyncMin;
            return _versions.LastOrDefault(v => v.Number <= min) ?? _versions[0];
        }
    }

    /// <summary>The version with this number, or null when it is not held.</summary>
    public LayoutVersion? VersionOf(ulong number) => _versions.FirstOrDefault(v => v.Number == number);

    /// <summary>Cheap to compare, computed once per history (gossip compares digests before sending histories).</summary>
    public LayoutDigest Digest => (_digest ??= new Lazy<LayoutDigest>(ComputeDigest)).Value;

    /// <summary>
    /// The least upper bound of two histories:
    /// <list type="bullet">
    /// <item>pruning floor: max; versions and seen ids below it are dropped on both sides;</item>
    /// <item>versions: union by number; one number with two contents keeps the lower content hash (both ids stay in
    ///   <see cref="Seen"/>, which makes <see cref="Diverged"/> true);</item>
    /// <item>seen ids: union; trackers: per-node max; staging: LWW per entry and max of the reset.</item>
    /// </list>
    /// Each component is a semilattice join, and filtering by the floor commutes with unions once the floor is the max
    /// of both floors (filter_F(filter_G(A) ∪ B) = filter_F(A ∪ B) for F ≥ G), so the whole merge is one too. Merge
    /// never prunes by itself: pruning is a local step (<see cref="Prune"/>) whose effect travels as the floor.
    /// </summary>
    public LayoutHistory Merge(LayoutHistory other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other))
        {
            return this;
        }

        var floor = Math.Max(PrunedBelow, other.PrunedBelow);
        var versions = ImmutableArray.CreateBuilder<LayoutVersion>();
        int i = 0, j = 0;
        while (i < _versions.Length || j < other._versions.Length)
        {
            LayoutVersion next;
            if (j == other._versions.Length || (i < _versions.Length && _versions[i].Number < other._versions[j].Number))
            {
                next = _versions[i++];
            }
            else if (i == _versions.Length || other._versions[j].Number < _versions[i].Number)
            {
                next = other._versions[j++];
            }
            else
            {
                // Same number: the lower content hash wins everywhere, whatever the merge order.
                var (mine, theirs) = (_versions[i++], other._versions[j++]);
                next = theirs.ContentHash.CompareTo(mine.ContentHash) < 0 ? theirs : mine;
            }

            if (next.Number >= floor)
            {
                versions.Add(next);
            }
        }

        var seen = _seen.Concat(other._seen).Where(r => r.Number >= floor).Distinct().Order().ToImmutableArray();
        return new LayoutHistory(
            versions.DrainToImmutable(), floor, seen, Trackers.Merge(other.Trackers), Staging.Merge(other.Staging));
    }

    /// <summary>
    /// Drops versions retired long enough: below <see cref="SyncAckMin"/> − <see cref="RetiredVersionsKept"/>.
    /// Never drops the current version (SyncAckMin is at most its number). The floor only rises.
    /// </summary>
    public LayoutHistory Prune()
    {
        var min = SyncAckMin;
        var floor = min > RetiredVersionsKept ? min - RetiredVersionsKept : 0;
        return floor <= PrunedBelow ? this : With(floor: floor);
    }

    public override string ToString() =>
        $"layout history v{CurrentNumber} ({_versions.Length} versions, pruned below {PrunedBelow}{(Diverged ? ", DIVERGED" : "")})";

    private ulong TrackerMin(ImmutableSortedDictionary<NodeId, ulong> tracker, IEnumerable<NodeId>? nodes)
    {
        if (_versions.IsEmpty || nodes is null)
        {
            return 0;
        }

        return Math.Min(LayoutTrackers.MinAmong(tracker, nodes, _versions[0].Number), CurrentNumber);
    }

    private LayoutHistory With(
        ImmutableArray<LayoutVersion>? versions = null, ulong? floor = null, LayoutTrackers? trackers = null, LayoutStaging? staging = null)
    {
        var f = floor ?? PrunedBelow;
        var v = versions ?? _versions;
        var seen = _seen.Concat(v.Select(x => x.Ref)).Where(r => r.Number >= f).Distinct().Order().ToImmutableArray();
        return new LayoutHistory([.. v.Where(x => x.Number >= f)], f, seen, trackers ?? Trackers, staging ?? Staging);
    }
}
