using Orleans.Configuration;

namespace GarageOrleans.Hosting;

/// <summary>
/// Orleans failure detection for our clusters (docs/cluster.md §1), in one place, applied to every membership
/// provider. Orleans' defaults (probe timeout 5 s) declare a killed silo dead after 10–12 s; a request routed to a
/// dead node stalls that long, so we probe faster. Not much faster: the nodes of a small organisation talk over home
/// and office links between sites, where a 1 s timeout would turn every burst of lost packets into a suspicion;
/// 2 s × 3 missed probes survives one.
/// </summary>
internal static class MembershipTuning
{
    /// <summary>Initial probe timeout; Orleans adapts it per silo between half and four times this value.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects another one.</summary>
    public const int MissedProbesLimit = 3;

    /// <summary>
    /// Suspicions needed to declare a silo dead. Orleans caps it at a majority of the active silos
    /// (<c>(active + 1) / 2</c>), so a two-node cluster needs one vote and the survivor of a crash can evict the dead
    /// node on its own.
    /// </summary>
    public const int VotesForDeath = 2;

    /// <summary>
    /// Heartbeat written to the membership table. Diagnostics, and the staleness test of an entry
    /// (3 missed heartbeats); 10 s keeps a stale entry visible for 30 s, not Orleans' 90 s.
    /// </summary>
    public static readonly TimeSpan IAmAlivePublishPeriod = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Dead entries are kept a day, then removed: long enough to see what died overnight, short enough that every
    /// restart (a new generation, a new entry) does not grow the table for a week.
    /// </summary>
    public static readonly TimeSpan DefunctSiloExpiration = TimeSpan.FromDays(1);

    /// <summary>
    /// How long, after a silo is declared dead, the strongly consistent grain directory refuses to re-register that
    /// silo's grains elsewhere: Orleans holds them for <c>RangeLeaseDuration</c> minus its failure-detection window
    /// (max probe timeout = 4 × <see cref="ProbeTimeout"/>, × <see cref="MissedProbesLimit"/> = 24 s), so the default
    /// 30 s gives 6 s, which measured as most of a client's failover pause (detection 3–5 s + 6 s). The hold protects
    /// one-activation-per-key against a silo declared dead that still runs; here an object write commits only at a
    /// quorum of replicas, which a silo cut off from the nodes that declared it dead cannot reach. We keep 2 s of it,
    /// for the declared-dead silo to see the rejections of its messages and stop (docs/cluster.md §11).
    /// </summary>
    public static readonly TimeSpan DeadSiloDirectoryHold = TimeSpan.FromSeconds(2);

    /// <summary>The directory's <c>RangeLeaseDuration</c> that gives <see cref="DeadSiloDirectoryHold"/> after the declaration.</summary>
    public static TimeSpan RangeLeaseDuration => (ProbeTimeout * 4 * MissedProbesLimit) + DeadSiloDirectoryHold;

    public static void Apply(GrainDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RangeLeaseDuration = RangeLeaseDuration;
    }

    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeath;
        options.IAmAliveTablePublishTimeout = IAmAlivePublishPeriod;
        options.DefunctSiloExpiration = DefunctSiloExpiration;
    }
}
