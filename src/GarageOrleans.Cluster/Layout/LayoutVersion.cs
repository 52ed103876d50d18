using System.Buffers.Binary;
using System.Text;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// One applied layout version: a <see cref="ClusterLayout"/> (roles and assignment) with the parameters it was
/// computed with, identified by its number and <see cref="ContentHash"/>. Immutable.
/// </summary>
public sealed class LayoutVersion
{
    /// <summary>Domain tag of the canonical encoding; a new encoding gets a new tag, so old hashes never collide with it.</summary>
    private static readonly byte[] EncodingTag = "garage-orleans/layout-version/1\0"u8.ToArray();

    private LayoutHistory.VersionDocument? _document;

    internal LayoutVersion(ClusterLayout layout, LayoutParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(parameters);
        if (layout.ReplicationFactor != parameters.ReplicationFactor)
        {
            throw new ArgumentException(
                $"layout has replication factor {layout.ReplicationFactor}, parameters say {parameters.ReplicationFactor}",
                nameof(parameters));
        }

        Layout = layout;
        Parameters = parameters;
        ContentHash = Hash32.Sha256(CanonicalEncoding(layout, parameters));
    }

    public ulong Number => Layout.Version;

    /// <summary>SHA-256 of <see cref="CanonicalEncoding"/>: roles, parameters and assignment, not the number.</summary>
    public Hash32 ContentHash { get; }

    public LayoutParameters Parameters { get; }

    public ClusterLayout Layout { get; }

    public VersionRef Ref => new(Number, ContentHash);

    /// <summary>
    /// This version's part of the history's JSON, built once: a version is shared by every history that holds it and
    /// never changes, while histories are written out after each update.
    /// </summary>
    internal LayoutHistory.VersionDocument Document => _document ??= LayoutHistory.WriteVersionDocument(this);

    /// <summary>
    /// The bytes the content hash covers; every integer is big-endian:
    /// <list type="number">
    /// <item>the tag <c>"garage-orleans/layout-version/1\0"</c> (ASCII);</item>
    /// <item>u32 replication factor; u32 zone redundancy (0 = maximum, n = at least n zones);</item>
    /// <item>u32 role count, then each role in ascending node id order: 32-byte node id, u32 byte length and the UTF-8
    ///   bytes of the zone, u8 1 and i64 capacity for a storage node or u8 0 for a gateway;</item>
    /// <item>for each of the 256 partitions in order: u8 replica count, then the 32-byte ids of its nodes in ascending
    ///   order.</item>
    /// </list>
    /// The number is left out so that the hash names the content: "same number, other hash" is the divergence test.
    /// </summary>
    public static byte[] CanonicalEncoding(ClusterLayout layout, LayoutParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(parameters);
        using var buffer = new MemoryStream();
        Span<byte> scratch = stackalloc byte[Hash32.Size];
        buffer.Write(EncodingTag);
        WriteU32(buffer, (uint)parameters.ReplicationFactor);
        WriteU32(buffer, (uint)parameters.ZoneRedundancy.AtLeast);
        WriteU32(buffer, (uint)layout.Roles.Count);
        foreach (var role in layout.Roles.OrderBy(r => r.Node))
        {
            role.Node.Value.WriteTo(scratch);
            buffer.Write(scratch);
            var zone = Encoding.UTF8.GetBytes(role.Zone);
            WriteU32(buffer, (uint)zone.Length);
            buffer.Write(zone);
            if (role.CapacityBytes is { } capacity)
            {
                buffer.WriteByte(1);
                BinaryPrimitives.WriteInt64BigEndian(scratch, capacity);
                buffer.Write(scratch[..8]);
            }
            else
            {
                buffer.WriteByte(0);
            }
        }

        for (var p = 0; p < ClusterLayout.PartitionCount; p++)
        {
            var nodes = layout.NodesOf((byte)p);
            buffer.WriteByte((byte)nodes.Count);
            foreach (var node in nodes.Order())
            {
                node.Value.WriteTo(scratch);
                buffer.Write(scratch);
            }
        }

        return buffer.ToArray();
    }

    public override string ToString() => $"{Ref} ({Parameters}, {Layout.StorageNodes.Count} storage nodes)";

    private static void WriteU32(MemoryStream buffer, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        buffer.Write(bytes);
    }
}
