namespace GarageOrleans.Storage;

/// <summary>Tree names and the argument checks every engine applies the same way.</summary>
internal static class TreeNames
{
    public const int MaxLength = 64;

    public const string SqliteTablePrefix = "t:";

    public static void Validate(string tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.Length is 0 or > MaxLength || !tree.All(IsAllowed))
        {
            throw new ArgumentException($"invalid tree name '{tree}': expected [a-z0-9_:.-]{{1,{MaxLength}}}", nameof(tree));
        }
    }

    public static void Validate(RangeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query));
    }

    /// <summary>The quoted SQLite table of a tree; safe to splice into SQL because names never contain quotes.</summary>
    public static string SqliteTable(string tree) => "\"" + SqliteTablePrefix + tree + "\"";

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or ':' or '.' or '-';
}
