namespace GarageOrleans.Primitives.Crdt;

/// <summary>
/// A CRDT value or a tombstone: Deleted wins over Present and two Present values are merged (Garage
/// <c>crdt::Deletable</c>). Deletion is final; a resurrected entity needs a new identity.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class Deletable<T> : ICrdt<Deletable<T>>, IEquatable<Deletable<T>> where T : ICrdt<T>
{
    [Id(0)] private readonly bool _deleted;
    [Id(1)] private readonly T? _value;

    private Deletable(bool deleted, T? value) => (_deleted, _value) = (deleted, value);

    public static Deletable<T> Deleted { get; } = new(true, default);

    public static Deletable<T> Present(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Deletable<T>(false, value);
    }

    public bool IsDeleted => _deleted;

    /// <summary>The value when present; throws <see cref="InvalidOperationException"/> on a tombstone.</summary>
    public T Value => _deleted ? throw new InvalidOperationException("the entry is deleted") : _value!;

    public bool TryGetValue(out T value)
    {
        value = _value!;
        return !_deleted;
    }

    public Deletable<T> Merge(Deletable<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_deleted)
        {
            return this;
        }

        return other._deleted ? other : new Deletable<T>(false, _value!.Merge(other._value!));
    }

    public bool Equals(Deletable<T>? other) =>
        other is not null && _deleted == other._deleted && (_deleted || EqualityComparer<T>.Default.Equals(_value, other._value));

    public override bool Equals(object? obj) => Equals(obj as Deletable<T>);

    public override int GetHashCode() => _deleted ? 1 : HashCode.Combine(_value);

    public override string ToString() => _deleted ? "Deleted" : $"Present({_value})";
}
