namespace GarageOrleans.Primitives;

/// <summary>Content hash of a block: SHA-256 of its plaintext.</summary>
[GenerateSerializer, Immutable]
public readonly record struct BlockHash([property: Id(0)] Hash32 Value) : IComparable<BlockHash>
{
    public static BlockHash Compute(ReadOnlySpan<byte> data) => new(Hash32.Sha256(data));
    public static BlockHash ParseHex(string hex) => new(Hash32.ParseHex(hex));
    public byte Partition => Value.FirstByte;
    public string ToHex() => Value.ToHex();
    public int CompareTo(BlockHash other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString();
}

/// <summary>Random identifier of an object version, of a multipart upload (upload id) or of one part attempt.</summary>
[GenerateSerializer, Immutable]
public readonly record struct VersionId([property: Id(0)] Hash32 Value) : IComparable<VersionId>
{
    public static VersionId New() => new(Hash32.Random());
    public static VersionId ParseHex(string hex) => new(Hash32.ParseHex(hex));
    public static bool TryParseHex(string? hex, out VersionId id)
    {
        var ok = Hash32.TryParseHex(hex, out var h);
        id = new VersionId(h);
        return ok;
    }

    public byte Partition => Value.FirstByte;
    public string ToHex() => Value.ToHex();
    public int CompareTo(VersionId other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString();
}

/// <summary>Random, immutable identity of a bucket; names are aliases that point at it.</summary>
[GenerateSerializer, Immutable]
public readonly record struct BucketId([property: Id(0)] Hash32 Value) : IComparable<BucketId>
{
    public static BucketId New() => new(Hash32.Random());
    public static BucketId ParseHex(string hex) => new(Hash32.ParseHex(hex));
    public static bool TryParseHex(string? hex, out BucketId id)
    {
        var ok = Hash32.TryParseHex(hex, out var h);
        id = new BucketId(h);
        return ok;
    }

    public byte Partition => Value.FirstByte;
    public string ToHex() => Value.ToHex();
    public int CompareTo(BucketId other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString();
}

/// <summary>
/// Stable identity of a node, created once and kept in the metadata directory. Silo addresses change at every
/// restart; the layout names NodeIds only (DESIGN §4).
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct NodeId([property: Id(0)] Hash32 Value) : IComparable<NodeId>
{
    public static NodeId New() => new(Hash32.Random());
    public static NodeId ParseHex(string hex) => new(Hash32.ParseHex(hex));
    public static bool TryParseHex(string? hex, out NodeId id)
    {
        var ok = Hash32.TryParseHex(hex, out var h);
        id = new NodeId(h);
        return ok;
    }

    public string ToHex() => Value.ToHex();
    public int CompareTo(NodeId other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString();
}
