namespace GarageOrleans.Storage;

/// <summary>One sorted in-memory tree. Not thread-safe: the memory engine serializes access.</summary>
internal sealed class MemoryTree
{
    private readonly SortedList<byte[], byte[]> _items = new(ByteKeyComparer.Instance);

    public int Count => _items.Count;

    public IEnumerable<KeyValuePair<byte[], byte[]>> Items => _items;

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        var i = LowerBound(key);
        return i < _items.Count && key.SequenceEqual(_items.Keys[i]) ? _items.Values[i] : null;
    }

    /// <summary>Stores a copy of the value; returns the previous value, for the undo log.</summary>
    public byte[]? Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var i = LowerBound(key);
        if (i < _items.Count && key.SequenceEqual(_items.Keys[i]))
        {
            var old = _items.Values[i];
            _items.SetValueAtIndex(i, value.ToArray());
            return old;
        }

        _items.Add(key.ToArray(), value.ToArray());
        return null;
    }

    public byte[]? Delete(ReadOnlySpan<byte> key)
    {
        var i = LowerBound(key);
        if (i < _items.Count && key.SequenceEqual(_items.Keys[i]))
        {
            var old = _items.Values[i];
            _items.RemoveAt(i);
            return old;
        }

        return null;
    }

    /// <summary>Restores a key to <paramref name="value"/> (null = absent) without copying: undo of Put/Delete.</summary>
    public void Restore(byte[] key, byte[]? value)
    {
        if (value is null)
        {
            _items.Remove(key);
        }
        else
        {
            _items[key] = value;
        }
    }

    /// <summary>Copies of the matching entries, so callers cannot change the tree through them.</summary>
    public List<KeyValue> Range(RangeQuery query)
    {
        var result = new List<KeyValue>();
        var lo = query.Start is null ? 0 : LowerBound(query.Start);
        var hi = query.End is null ? _items.Count : LowerBound(query.End);
        if (query.Reverse)
        {
            for (var i = hi - 1; i >= lo && result.Count < query.Limit; i--)
            {
                result.Add(new KeyValue(_items.Keys[i].ToArray(), _items.Values[i].ToArray()));
            }
        }
        else
        {
            for (var i = lo; i < hi && result.Count < query.Limit; i++)
            {
                result.Add(new KeyValue(_items.Keys[i].ToArray(), _items.Values[i].ToArray()));
            }
        }

        return result;
    }

    private int LowerBound(ReadOnlySpan<byte> key)
    {
        var keys = _items.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (keys[mid].AsSpan().SequenceCompareTo(key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
