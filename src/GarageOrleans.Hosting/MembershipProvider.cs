namespace GarageOrleans.Hosting;

/// <summary>Who keeps Orleans' membership table (<c>Cluster:Membership</c>; docs/cluster.md §1).</summary>
public enum MembershipProvider
{
    /// <summary>In memory, with this silo as its own primary: the zero-configuration single node.</summary>
    Localhost,

    /// <summary>A PostgreSQL table shared by the nodes (<c>Cluster:MembershipConnectionString</c>).</summary>
    AdoNet,
}
