using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Rows;

/// <summary>
/// Canonical total orders over row contents. A merge that must pick one of two copies picks the greater under a
/// total order over every field: "the later state wins, else this one" is not commutative as soon as two copies
/// differ in a field the rule does not look at, and replicas then disagree forever. Strings compare ordinally,
/// null sorts first, sequences element-wise (a prefix first).
/// </summary>
internal static class RowOrder
{
    public static int Compare(ObjectMeta? a, ObjectMeta? b)
    {
        if (a is null || b is null)
        {
            return (a is not null).CompareTo(b is not null);
        }

        var c = a.Size.CompareTo(b.Size);
        c = c != 0 ? c : string.CompareOrdinal(a.ETag, b.ETag);
        c = c != 0 ? c : Sequence(a.Headers, b.Headers, static (x, y) =>
        {
            var k = string.CompareOrdinal(x.Key, y.Key);
            return k != 0 ? k : string.CompareOrdinal(x.Value, y.Value);
        });
        c = c != 0 ? c : string.CompareOrdinal(a.ChecksumAlgorithm, b.ChecksumAlgorithm);
        return c != 0 ? c : string.CompareOrdinal(a.ChecksumValue, b.ChecksumValue);
    }

    public static int Compare(ObjectPart a, ObjectPart b)
    {
        var c = a.PartNumber.CompareTo(b.PartNumber);
        c = c != 0 ? c : a.DataVersion.CompareTo(b.DataVersion);
        c = c != 0 ? c : a.Size.CompareTo(b.Size);
        return c != 0 ? c : string.CompareOrdinal(a.ETag, b.ETag);
    }

    public static int Compare(byte[]? a, byte[]? b) =>
        a is null || b is null ? (a is not null).CompareTo(b is not null) : a.AsSpan().SequenceCompareTo(b);

    public static int Compare(IReadOnlyList<VersionId> a, IReadOnlyList<VersionId> b) => Sequence(a, b, static (x, y) => x.CompareTo(y));

    /// <summary>Element-wise; when one is a prefix of the other, the shorter first.</summary>
    public static int Sequence<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, int> compare)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }
}
