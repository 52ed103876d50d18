using System.Reflection;

namespace GarageOrleans.Primitives.Crdt;

/// <summary>
/// How two <see cref="Lww{T}"/> values with the same timestamp are combined. Resolved once per type: a CRDT value is
/// merged, anything else takes the greater value by <see cref="Comparer{T}.Default"/> (ordinal for strings). Either
/// rule is commutative, so replicas agree whatever the order in which they saw the writes.
/// </summary>
internal static class LwwTieBreak<T>
{
    public static readonly Func<T, T, T> Resolve = Create();

    private static Func<T, T, T> Create()
    {
        if (typeof(T).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICrdt<>) && i.GenericTypeArguments[0] == typeof(T)))
        {
            return typeof(LwwTieBreak<T>)
                .GetMethod(nameof(MergeCrdt), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(T))
                .CreateDelegate<Func<T, T, T>>();
        }

        if (typeof(T) == typeof(string))
        {
            return (Func<T, T, T>)(object)(Func<string?, string?, string?>)((a, b) => string.CompareOrdinal(a, b) >= 0 ? a : b);
        }

        if (typeof(T) == typeof(byte[]))
        {
            return (Func<T, T, T>)(object)(Func<byte[]?, byte[]?, byte[]?>)((a, b) =>
                a is null ? b : b is null ? a : a.AsSpan().SequenceCompareTo(b) >= 0 ? a : b);
        }

        if (typeof(IComparable<T>).IsAssignableFrom(typeof(T)) || typeof(IComparable).IsAssignableFrom(typeof(T))
            || (Nullable.GetUnderlyingType(typeof(T)) is { } u && (typeof(IComparable).IsAssignableFrom(u) || typeof(IComparable<>).MakeGenericType(u).IsAssignableFrom(u))))
        {
            var comparer = Comparer<T>.Default;
            return (a, b) => comparer.Compare(a, b) >= 0 ? a : b;
        }

        return static (_, _) => throw new NotSupportedException(
            $"Lww<{typeof(T).Name}>: the value type must implement ICrdt<T> or IComparable<T> so that equal timestamps resolve the same way on every replica");
    }

    private static TC MergeCrdt<TC>(TC a, TC b) where TC : ICrdt<TC> => a.Merge(b);
}
