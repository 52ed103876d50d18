namespace GarageOrleans.Primitives.Crdt;

/// <summary>
/// Last-writer-wins register: the value with the higher timestamp (milliseconds, <see cref="Timestamps"/>) wins.
/// Equal timestamps resolve deterministically: values that are themselves CRDTs are merged, others keep the greater
/// value (<see cref="Comparer{T}.Default"/>, ordinal for strings, byte-wise for arrays). A value type that is neither
/// fails at merge time with <see cref="NotSupportedException"/>.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Lww<T>([property: Id(0)] ulong Timestamp, [property: Id(1)] T Value) : ICrdt<Lww<T>>
{
    /// <summary>
    /// A new register holding <paramref name="newValue"/> stamped <c>max(now, Timestamp + 1)</c>: strictly newer than
    /// this one even when the local clock is behind the writer that set it (Garage PR #543).
    /// </summary>
    public Lww<T> Update(T newValue, ulong now) => new(Math.Max(now, Timestamp + 1), newValue);

    public Lww<T> Merge(Lww<T> other)
    {
        if (Timestamp != other.Timestamp)
        {
            return Timestamp > other.Timestamp ? this : other;
        }

        return new Lww<T>(Timestamp, LwwTieBreak<T>.Resolve(Value, other.Value));
    }

    public override string ToString() => $"{Value}@{Timestamp}";
}
