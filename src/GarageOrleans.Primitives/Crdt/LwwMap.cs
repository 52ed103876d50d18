using System.Collections.Immutable;

namespace GarageOrleans.Primitives.Crdt;

/// <summary>
/// A map whose entries are independent <see cref="Lww{T}"/> registers (Garage <c>crdt::LwwMap</c>): merge keeps, per
/// key, the newer write. Entries stay sorted by key (ordinal for strings) so equal maps serialize identically.
/// Removing a key is expressed in the value (a nullable or <see cref="Deletable{T}"/>), never by dropping the entry,
/// which a merge would bring back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class LwwMap<TKey, TValue> : ICrdt<LwwMap<TKey, TValue>>, IEquatable<LwwMap<TKey, TValue>>
    where TKey : notnull
{
    [Id(0)] private readonly ImmutableArray<KeyValuePair<TKey, Lww<TValue>>> _entries;

    private LwwMap(ImmutableArray<KeyValuePair<TKey, Lww<TValue>>> entries) => _entries = entries;

    public static LwwMap<TKey, TValue> Empty { get; } = new([]);

    /// <summary>Builds a map from entries in any order; duplicate keys are merged.</summary>
    public static LwwMap<TKey, TValue> FromEntries(IEnumerable<KeyValuePair<TKey, Lww<TValue>>> entries) =>
        new(SortedEntries.FromUnsorted(entries, static (a, b) => a.Merge(b)));

    /// <summary>The entries in ascending key order.</summary>
    public ImmutableArray<KeyValuePair<TKey, Lww<TValue>>> Entries => _entries.IsDefault ? [] : _entries;

    public int Count => Entries.Length;

    public bool TryGetEntry(TKey key, out Lww<TValue> entry)
    {
        var i = SortedEntries.Find(Entries, key);
        entry = i >= 0 ? Entries[i].Value : default;
        return i >= 0;
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        var found = TryGetEntry(key, out var entry);
        value = entry.Value;
        return found;
    }

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/> stamped <c>max(now, previous + 1)</c>, so the update
    /// wins over every write to that key this replica has seen.
    /// </summary>
    public LwwMap<TKey, TValue> Update(TKey key, TValue value, ulong now)
    {
        var entry = TryGetEntry(key, out var old) ? old.Update(value, now) : new Lww<TValue>(now, value);
        return new LwwMap<TKey, TValue>(SortedEntries.Set(Entries, key, entry));
    }

    public LwwMap<TKey, TValue> Merge(LwwMap<TKey, TValue> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new LwwMap<TKey, TValue>(SortedEntries.Union(Entries, other.Entries, static (a, b) => a.Merge(b)));
    }

    public bool Equals(LwwMap<TKey, TValue>? other) =>
        other is not null && SortedEntries.SequenceEqual(Entries, other.Entries);

    public override bool Equals(object? obj) => Equals(obj as LwwMap<TKey, TValue>);

    public override int GetHashCode() => SortedEntries.Hash(Entries);

    public override string ToString() => "{" + string.Join(", ", Entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}
