namespace GarageOrleans.Cluster;

/// <summary>Quorum policy (Garage's consistency_mode; reference/garage.md §2.6).</summary>
public enum ConsistencyMode
{
    /// <summary>R = ⌈rf/2⌉, W = rf + 1 − R: read-after-write across any single node failure at rf 3.</summary>
    Consistent,

    /// <summary>R = 1, W as consistent.</summary>
    Degraded,

    /// <summary>R = W = 1.</summary>
    Dangerous,
}
