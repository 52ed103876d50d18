namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Response of <c>GET /v2/GetClusterLayoutHistory</c>: every version a node holds (oldest first), the version reads
/// use, the oldest one writes still go to, and each node's trackers (Garage's <c>updateTrackers</c>, by node id).
/// </summary>
public sealed record ClusterLayoutHistory(
    ulong CurrentVersion,
    ulong ReadVersion,
    ulong OldestActiveVersion,
    IReadOnlyList<ClusterLayoutVersion> Versions,
    IReadOnlyDictionary<string, NodeUpdateTrackers> UpdateTrackers,
    bool Diverged);

/// <summary>One version of the history; <see cref="Status"/> is <c>current</c>, <c>active</c> (older, still written to) or <c>retired</c>.</summary>
public sealed record ClusterLayoutVersion(ulong Version, string ContentHash, string Status, int ReplicationFactor, int StorageNodes, int GatewayNodes);

/// <summary>The newest version a node acknowledged (no write in flight ignores it), synced, and saw synced everywhere.</summary>
public sealed record NodeUpdateTrackers(ulong Ack, ulong Sync, ulong SyncAck);
