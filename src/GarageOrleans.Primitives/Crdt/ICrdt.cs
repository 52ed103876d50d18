namespace GarageOrleans.Primitives.Crdt;

/// <summary>A value with a merge that is commutative, associative and idempotent (a join semilattice).</summary>
public interface ICrdt<T>
    where T : ICrdt<T>
{
    T Merge(T other);
}
