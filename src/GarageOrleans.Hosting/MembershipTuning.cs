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
