namespace GarageOrleans.Primitives.Crdt;

/// <summary>
/// A state-based CRDT: <see cref="Merge"/> is commutative, associative and idempotent, so replicas that exchange
/// states in any order, any number of times, converge (Garage <c>util/crdt</c>). Property tests check the three laws
/// for every implementation.
/// </summary>
public interface ICrdt<T> where T : ICrdt<T>
{
    /// <summary>The least upper bound of this state and <paramref name="other"/>; neither input is changed.</summary>
    T Merge(T other);
}
