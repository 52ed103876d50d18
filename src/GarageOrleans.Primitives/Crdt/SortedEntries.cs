using System.Collections.Immutable;

namespace GarageOrleans.Primitives.Crdt;

/// <summary>
/// The ordered key order of the CRDT maps and the sorted-array operations they share. Entries are kept sorted by key
/// so that equal maps serialize to equal bytes on every replica (rows are compared by encoded bytes to skip
/// rewrites, Garage <c>data.rs</c>). Strings compare ordinally, never by culture.
/// </summary>
internal static class SortedEntries
{
    /// <summary>Index of <paramref name="key"/>, or the bitwise complement of its insertion point.</summary>
    public static int Find<TKey, TValue>(ImmutableArray<KeyValuePair<TKey, TValue>> entries, TKey key)
    {
        var comparer = KeyOrder<TKey>.Comparer;
        int lo = 0, hi = entries.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = comparer.Compare(entries[mid].Key, key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, replacing an existing entry.</summary>
    public static ImmutableArray<KeyValuePair<TKey, TValue>> Set<TKey, TValue>(
        ImmutableArray<KeyValuePair<TKey, TValue>> entries, TKey key, TValue value)
    {
        var i = Find(entries, key);
        return i >= 0
            ? entries.SetItem(i, new KeyValuePair<TKey, TValue>(key, value))
            : entries.Insert(~i, new KeyValuePair<TKey, TValue>(key, value));
    }

    /// <summary>Union of two sorted arrays; keys present in both are combined with <paramref name="merge"/>.</summary>
    public static ImmutableArray<KeyValuePair<TKey, TValue>> Union<TKey, TValue>(
        ImmutableArray<KeyValuePair<TKey, TValue>> a, ImmutableArray<KeyValuePair<TKey, TValue>> b, Func<TValue, TValue, TValue> merge)
    {
        if (b.IsEmpty)
        {
            return a;
        }

        if (a.IsEmpty)
        {
            return b;
        }

        var comparer = KeyOrder<TKey>.Comparer;
        var result = ImmutableArray.CreateBuilder<KeyValuePair<TKey, TValue>>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var c = comparer.Compare(a[i].Key, b[j].Key);
            if (c < 0)
            {
                result.Add(a[i++]);
            }
            else if (c > 0)
            {
                result.Add(b[j++]);
            }
            else
            {
                result.Add(new KeyValuePair<TKey, TValue>(a[i].Key, merge(a[i].Value, b[j].Value)));
                i++;
                j++;
            }
        }

        while (i < a.Length)
        {
            result.Add(a[i++]);
        }

        while (j < b.Length)
        {
            result.Add(b[j++]);
        }

        return result.DrainToImmutable();
    }

    /// <summary>Sorts arbitrary entries, merging duplicate keys.</summary>
    public static ImmutableArray<KeyValuePair<TKey, TValue>> FromUnsorted<TKey, TValue>(
        IEnumerable<KeyValuePair<TKey, TValue>> entries, Func<TValue, TValue, TValue> merge)
    {
        var result = ImmutableArray<KeyValuePair<TKey, TValue>>.Empty;
        foreach (var (key, value) in entries)
        {
            var i = Find(result, key);
            result = i >= 0
                ? result.SetItem(i, new KeyValuePair<TKey, TValue>(key, merge(result[i].Value, value)))
                : result.Insert(~i, new KeyValuePair<TKey, TValue>(key, value));
        }

        return result;
    }

    public static bool SequenceEqual<TKey, TValue>(ImmutableArray<KeyValuePair<TKey, TValue>> a, ImmutableArray<KeyValuePair<TKey, TValue>> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var comparer = KeyOrder<TKey>.Comparer;
        var values = EqualityComparer<TValue>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (comparer.Compare(a[i].Key, b[i].Key) != 0 || !values.Equals(a[i].Value, b[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public static int Hash<TKey, TValue>(ImmutableArray<KeyValuePair<TKey, TValue>> entries)
    {
        var hash = new HashCode();
        foreach (var (key, value) in entries)
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    private static class KeyOrder<TKey>
    {
        public static readonly IComparer<TKey> Comparer = typeof(TKey) == typeof(string)
            ? (IComparer<TKey>)StringComparer.Ordinal
            : Comparer<TKey>.Default;
    }
}
