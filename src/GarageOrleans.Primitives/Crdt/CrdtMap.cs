using System.Collections.Immutable;

namespace GarageOrleans.Primitives.Crdt;

/// <summary>
/// A grow-only map of CRDT values (Garage <c>crdt::Map</c>): merge is the union of the keys, and a key present on both
/// sides merges its values. Entries stay sorted by key (ordinal for strings) so equal maps serialize identically.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class CrdtMap<TKey, TValue> : ICrdt<CrdtMap<TKey, TValue>>, IEquatable<CrdtMap<TKey, TValue>>
    where TKey : notnull
    where TValue : ICrdt<TValue>
{
    [Id(0)] private readonly ImmutableArray<KeyValuePair<TKey, TValue>> _entries;

    private CrdtMap(ImmutableArray<KeyValuePair<TKey, TValue>> entries) => _entries = entries;

    public static CrdtMap<TKey, TValue> Empty { get; } = new([]);

    /// <summary>Builds a map from entries in any order; duplicate keys are merged.</summary>
    public static CrdtMap<TKey, TValue> FromEntries(IEnumerable<KeyValuePair<TKey, TValue>> entries) =>
        new(SortedEntries.FromUnsorted(entries, static (a, b) => a.Merge(b)));

    /// <summary>The entries in ascending key order.</summary>
    public ImmutableArray<KeyValuePair<TKey, TValue>> Entries => _entries.IsDefault ? [] : _entries;

    public int Count => Entries.Length;

    public bool TryGetValue(TKey key, out TValue value)
    {
        var i = SortedEntries.Find(Entries, key);
        value = i >= 0 ? Entries[i].Value : default!;
        return i >= 0;
    }

    /// <summary>Merges <paramref name="value"/> into the entry of <paramref name="key"/> (adds it when absent).</summary>
    public CrdtMap<TKey, TValue> Put(TKey key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var merged = TryGetValue(key, out var old) ? old.Merge(value) : value;
        return new CrdtMap<TKey, TValue>(SortedEntries.Set(Entries, key, merged));
    }

    public CrdtMap<TKey, TValue> Merge(CrdtMap<TKey, TValue> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CrdtMap<TKey, TValue>(SortedEntries.Union(Entries, other.Entries, static (a, b) => a.Merge(b)));
    }

    public bool Equals(CrdtMap<TKey, TValue>? other) =>
        other is not null && SortedEntries.SequenceEqual(Entries, other.Entries);

    public override bool Equals(object? obj) => Equals(obj as CrdtMap<TKey, TValue>);

    public override int GetHashCode() => SortedEntries.Hash(Entries);

    public override string ToString() => "{" + string.Join(", ", Entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}
