using GarageOrleans.Primitives;

namespace GarageOrleans.Blocks;

/// <summary>
/// Where a block lives: <c>DataDir/xx/yy/&lt;64 hex&gt;[.zst]</c>, xx and yy being the first two bytes of the hash.
/// Every path is built from the hash's hex alone, so no caller input can reach outside the data directory.
/// </summary>
internal readonly record struct BlockPaths(string Directory, string Plain, string Compressed)
{
    public const string CompressedSuffix = ".zst";
    public const string CorruptedSuffix = ".corrupted";
    private const string TempInfix = ".tmp-";
    private const int HexLength = Hash32.Size * 2;

    public static BlockPaths For(string dataDir, BlockHash hash)
    {
        var hex = hash.ToHex();
        var directory = Path.Join(dataDir, hex.AsSpan(0, 2), hex.AsSpan(2, 2));
        var plain = Path.Join(directory, hex);
        return new BlockPaths(directory, plain, plain + CompressedSuffix);
    }

    /// <summary>A fresh temp name next to the final file, so the rename stays within one directory (atomic).</summary>
    public string NewTempPath() => Plain + TempInfix + Random.Shared.NextInt64().ToString("x16");

    /// <summary>A name made by <see cref="NewTempPath"/>: a block write in progress, or the leftover of one that died.</summary>
    public static bool IsTempFileName(ReadOnlySpan<char> fileName) =>
        fileName.Length > HexLength + TempInfix.Length && fileName[HexLength..].StartsWith(TempInfix, StringComparison.Ordinal) && IsLowerHex(fileName[..HexLength]);

    /// <summary>Only exact block names parse: temp files, set-aside and foreign files are never listed as blocks.</summary>
    public static bool TryParseFileName(ReadOnlySpan<char> fileName, out BlockHash hash, out bool compressed)
    {
        hash = default;
        compressed = fileName.Length == HexLength + CompressedSuffix.Length && fileName.EndsWith(CompressedSuffix, StringComparison.Ordinal);
        if (fileName.Length != HexLength && !compressed)
        {
            return false;
        }

        var hex = fileName[..HexLength];
        if (!IsLowerHex(hex) || !Hash32.TryParseHex(hex.ToString(), out var value))
        {
            return false;
        }

        hash = new BlockHash(value);
        return true;
    }

    /// <summary>A two-character lower-case hex directory name (one level of the xx/yy fan-out).</summary>
    public static bool IsShardDirectoryName(ReadOnlySpan<char> name) => name.Length == 2 && IsLowerHex(name);

    private static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
