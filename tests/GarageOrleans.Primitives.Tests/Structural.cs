using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Primitives.Tests;

/// <summary>
/// Deep structural equality and printing by reflection, for the CRDT law tests. Records compare their lists by
/// reference and a hand-written comparer silently skips the fields nobody thought of (that is how merges that lost
/// headers or sizes passed before); this one compares every public property and field, recursively: sequences
/// element-wise whatever their concrete type, byte arrays by content, <see cref="Deletable{T}"/> by its state and
/// value. Derived properties (e.g. ObjectRow.Current) are compared too, which costs nothing and catches more.
/// </summary>
public static class Structural
{
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is IEnumerable ea && b is IEnumerable eb && a is not string && b is not string)
        {
            return SequenceEquals(ea, eb);
        }

        var type = a.GetType();
        if (type != b.GetType())
        {
            return false;
        }

        if (IsLeaf(type))
        {
            return a.Equals(b);
        }

        if (IsDeletable(type))
        {
            var deleted = (bool)type.GetProperty(nameof(Deletable<CrdtBool>.IsDeleted))!.GetValue(a)!;
            return deleted == (bool)type.GetProperty(nameof(Deletable<CrdtBool>.IsDeleted))!.GetValue(b)!
                && (deleted || AreEqual(ValueOf(a), ValueOf(b)));
        }

        var members = Members(type);
        if (members.Count == 0)
        {
            return a.Equals(b);
        }

        foreach (var get in members.Values)
        {
            if (!AreEqual(get(a), get(b)))
            {
                return false;
            }
        }

        return true;
    }

    public static IEqualityComparer<T> Comparer<T>() =>
        EqualityComparer<T>.Create((a, b) => AreEqual(a, b), x => Describe(x).GetHashCode(StringComparison.Ordinal));

    /// <summary>Every field, for counter-examples: records' own ToString prints lists as type names.</summary>
    public static string Describe(object? x)
    {
        switch (x)
        {
            case null:
                return "null";
            case string s:
                return "\"" + s + "\"";
            case byte[] bytes:
                return "0x" + Convert.ToHexString(bytes);
            case IFormattable f when x.GetType().IsPrimitive:
                return f.ToString(null, CultureInfo.InvariantCulture);
            case IEnumerable e:
                return "[" + string.Join(", ", e.Cast<object?>().Select(Describe)) + "]";
        }

        var type = x.GetType();
        if (type.IsPrimitive || type.IsEnum)
        {
            return x.ToString()!;
        }

        if (IsDeletable(type))
        {
            return (bool)type.GetProperty(nameof(Deletable<CrdtBool>.IsDeleted))!.GetValue(x)! ? "Deleted" : "Present(" + Describe(ValueOf(x)) + ")";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
        {
            return Describe(type.GetProperty("Key")!.GetValue(x)) + ": " + Describe(type.GetProperty("Value")!.GetValue(x));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Lww<>))
        {
            return Describe(type.GetProperty("Value")!.GetValue(x)) + "@" + type.GetProperty("Timestamp")!.GetValue(x);
        }

        if (type.GetProperty("Entries") is { } entries)
        {
            return "{" + string.Join(", ", ((IEnumerable)entries.GetValue(x)!).Cast<object?>().Select(Describe)) + "}";
        }

        // Identifiers and other values with a hand-written ToString print themselves (a record's is generated).
        var toString = type.GetMethod(nameof(ToString), Type.EmptyTypes)!;
        if (toString.DeclaringType == type && toString.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
        {
            return x.ToString()!;
        }

        var fields = Members(type).Where(m => IsStored(type, m.Key)).Select(m => m.Key + "=" + Describe(m.Value(x)));
        return type.Name + "(" + string.Join(", ", fields) + ")";
    }

    /// <summary>The names of a record's stored (init-settable) properties: what a mutation test must cover.</summary>
    public static IReadOnlySet<string> StoredProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null).Select(p => p.Name).ToHashSet();

    private static bool SequenceEquals(IEnumerable a, IEnumerable b)
    {
        var ia = a.GetEnumerator();
        var ib = b.GetEnumerator();
        while (true)
        {
            var hasA = ia.MoveNext();
            if (hasA != ib.MoveNext())
            {
                return false;
            }

            if (!hasA)
            {
                return true;
            }

            if (!AreEqual(ia.Current, ib.Current))
            {
                return false;
            }
        }
    }

    private static bool IsLeaf(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    private static bool IsDeletable(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Deletable<>);

    private static object? ValueOf(object deletable) => deletable.GetType().GetProperty(nameof(Deletable<CrdtBool>.Value))!.GetValue(deletable);

    private static bool IsStored(Type type, string name) =>
        type.GetProperty(name) is not { } p || p.SetMethod is not null || !type.GetProperties().Any(q => q.SetMethod is not null);

    private static Dictionary<string, Func<object, object?>> Members(Type type)
    {
        var result = new Dictionary<string, Func<object, object?>>();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
            {
                result[p.Name] = p.GetValue;
            }
        }

        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            result[f.Name] = f.GetValue;
        }

        return result;
    }
}
