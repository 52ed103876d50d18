namespace GarageOrleans.Storage;

/// <summary>memcmp order with the shorter key first on a common prefix: SQLite's order for BLOB keys.</summary>
internal sealed class ByteKeyComparer : IComparer<byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
