using GarageOrleans.Primitives;

namespace GarageOrleans.Abstractions;

/// <summary>
/// A node's role in a layout version. <see cref="CapacityBytes"/> null = a gateway (serves requests, stores
/// nothing). <see cref="Partitions"/> is how many of the 256 partitions the node holds a copy of.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LayoutRoleInfo(
    [property: Id(0)] NodeId Node,
    [property: Id(1)] string Zone,
    [property: Id(2)] long? CapacityBytes,
    [property: Id(3)] int Partitions);

/// <summary>
/// One staged role change (<c>layout assign</c> / <c>layout remove</c>): <see cref="Remove"/> drops the node from the
/// next version; otherwise the node gets <see cref="Zone"/> and <see cref="CapacityBytes"/> (null = gateway).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StagedRoleChange(
    [property: Id(0)] NodeId Node,
    [property: Id(1)] bool Remove,
    [property: Id(2)] string? Zone,
    [property: Id(3)] long? CapacityBytes);

/// <summary>
/// Layout parameters: the replication factor and the zone redundancy (null = maximum: spread every partition over as
/// many zones as the replication factor and the zones allow; n = at least n distinct zones).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LayoutParametersInfo(
    [property: Id(0)] int ReplicationFactor,
    [property: Id(1)] int? ZoneRedundancy);

/// <summary>What <c>layout apply</c> would produce from the staged changes, or why it cannot.</summary>
[GenerateSerializer, Immutable]
public sealed record LayoutPreview(
    [property: Id(0)] ulong Version,
    [property: Id(1)] string? ContentHash,
    [property: Id(2)] LayoutParametersInfo? Parameters,
    [property: Id(3)] IReadOnlyList<LayoutRoleInfo> Roles,
    [property: Id(4)] int PartitionCopiesMoved,
    [property: Id(5)] string? Error);

/// <summary>
/// The layout as one node sees it: the newest version (0 = none applied yet) with its content hash, parameters and
/// roles, the staged changes and what applying them would give. <see cref="Diverged"/> is true when two different
/// contents were applied under one version number somewhere in the cluster (an operator must look).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LayoutInfo(
    [property: Id(0)] ulong Version,
    [property: Id(1)] string? ContentHash,
    [property: Id(2)] LayoutParametersInfo? Parameters,
    [property: Id(3)] IReadOnlyList<LayoutRoleInfo> Roles,
    [property: Id(4)] IReadOnlyList<StagedRoleChange> StagedRoles,
    [property: Id(5)] LayoutParametersInfo? StagedParameters,
    [property: Id(6)] LayoutPreview? Preview,
    [property: Id(7)] bool Diverged);

/// <summary>One version of the history. <see cref="Status"/>: <c>current</c>, <c>active</c> (older, still written to) or <c>retired</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record LayoutVersionInfo(
    [property: Id(0)] ulong Version,
    [property: Id(1)] string ContentHash,
    [property: Id(2)] string Status,
    [property: Id(3)] int ReplicationFactor,
    [property: Id(4)] int StorageNodes,
    [property: Id(5)] int GatewayNodes);

/// <summary>A node's trackers (Garage's ack / sync / sync-ack): the newest version it acknowledged, synced, and saw synced everywhere.</summary>
[GenerateSerializer, Immutable]
public sealed record LayoutTrackerInfo(
    [property: Id(0)] NodeId Node,
    [property: Id(1)] ulong Ack,
    [property: Id(2)] ulong Sync,
    [property: Id(3)] ulong SyncAck);

/// <summary>
/// <c>layout history</c>: every version held (newest last), which version reads use, the oldest version writes go to,
/// and each node's trackers.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LayoutHistoryInfo(
    [property: Id(0)] ulong CurrentVersion,
    [property: Id(1)] ulong ReadVersion,
    [property: Id(2)] ulong OldestActiveVersion,
    [property: Id(3)] IReadOnlyList<LayoutVersionInfo> Versions,
    [property: Id(4)] IReadOnlyList<LayoutTrackerInfo> Trackers,
    [property: Id(5)] bool Diverged);

/// <summary>
/// The layout's single coordinator (key 0; one activation cluster-wide through the strongly consistent directory,
/// so two applies never race). Each call first merges the histories of every live node, then changes the result and
/// spreads it to every live node before answering; nodes that were down catch up through gossip. Errors the operator
/// must see (a stale version number, nothing staged, an invalid layout) are thrown as
/// <see cref="LayoutChangeRejectedException"/> with the reason.
/// </summary>
public interface ILayoutGrain : IGrainWithIntegerKey
{
    Task<LayoutInfo> GetAsync();

    /// <summary>Stages role changes and/or new parameters (either may be empty/null).</summary>
    Task<LayoutInfo> StageAsync(IReadOnlyList<StagedRoleChange> roles, LayoutParametersInfo? parameters);

    /// <summary>Applies the staged changes as <paramref name="version"/>, which must be the current version + 1.</summary>
    Task<LayoutInfo> ApplyAsync(ulong version);

    /// <summary>Drops every staged change.</summary>
    Task<LayoutInfo> RevertAsync();

    Task<LayoutHistoryInfo> GetHistoryAsync();
}

/// <summary>A layout operation refused for a reason the operator can fix (the message says which); admin API: 400.</summary>
[GenerateSerializer]
public sealed class LayoutChangeRejectedException : Exception
{
    public LayoutChangeRejectedException()
    {
    }

    public LayoutChangeRejectedException(string message)
        : base(message)
    {
    }

    public LayoutChangeRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
