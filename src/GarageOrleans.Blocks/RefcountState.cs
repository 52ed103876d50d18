namespace GarageOrleans.Blocks;

/// <summary>
/// A block's local refcount (Garage's <c>RcEntry</c>): absent (no row), present with <see cref="Count"/> &gt; 0, or
/// deletable since <see cref="DeletableSinceMs"/> (Unix ms) with a count of 0.
/// </summary>
public readonly record struct RefcountState(ulong Count, ulong? DeletableSinceMs)
{
    public static RefcountState Absent => default;

    public bool IsAbsent => Count == 0 && DeletableSinceMs is null;

    public bool IsDeletable => Count == 0 && DeletableSinceMs is not null;
}
