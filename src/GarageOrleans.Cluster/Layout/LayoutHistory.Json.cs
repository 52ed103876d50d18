using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// The JSON form, for <c>&lt;metadataDir&gt;/cluster_layout</c> and the wire. Canonical: every list is sorted (versions
/// and seen ids by number then hash, tracker and staging entries by node id), so equal histories give equal bytes and
/// tests can compare histories by their JSON. Partitions name nodes by their index in the version's role list
/// (sorted by node id), which keeps a version near 3 KB at rf 3 instead of 50 KB of hex ids.
/// </summary>
public sealed partial class LayoutHistory
{
    private const int JsonFormat = 1;

    public string ToJson() => JsonSerializer.Serialize(ToDocument(includeVersionBodies: true), LayoutHistoryJson.Default.HistoryDocument);

    /// <summary>Reads a history written by <see cref="ToJson"/>, checking each version's content hash and assignment.</summary>
    /// <exception cref="InvalidDataException">The text is not a layout history, or a version in it is not valid.</exception>
    public static LayoutHistory FromJson(string json)
    {
        HistoryDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, LayoutHistoryJson.Default.HistoryDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a layout history document: {e.Message}", e);
        }

        if (doc is null || doc.Format != JsonFormat || doc.Versions is null || doc.Seen is null || doc.Trackers is null || doc.Staging is null)
        {
            throw new InvalidDataException($"not a layout history document of format {JsonFormat}");
        }

        try
        {
            var versions = doc.Versions.Select(ReadVersionDocument).ToImmutableArray();
            for (var i = 0; i < versions.Length; i++)
            {
                if (versions[i].Number < doc.PrunedBelow || (i > 0 && versions[i].Number != versions[i - 1].Number + 1))
                {
                    throw new InvalidDataException("layout versions must be consecutive and not below the pruning floor");
                }
            }

            var seen = doc.Seen.Select(s => new VersionRef(s.Number, Hash32.ParseHex(s.Hash)));
            var trackers = new LayoutTrackers(
                ReadTracker(doc.Trackers.Ack), ReadTracker(doc.Trackers.Sync), ReadTracker(doc.Trackers.SyncAck));
            var staging = new LayoutStaging(
                doc.Staging.ResetAt,
                LwwMap<NodeId, NodeRole?>.FromEntries(doc.Staging.Roles.Select(ReadStagedRole)),
                doc.Staging.Parameters is { } p ? new Lww<LayoutParameters?>(p.Timestamp, p.Value is null ? null : ReadParameters(p.Value)) : default);
            var history = new LayoutHistory(versions, doc.PrunedBelow, [.. seen.Distinct().Order()], trackers, staging);
            return history.With();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidLayoutException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new InvalidDataException($"invalid layout history document: {e.Message}", e);
        }
    }

    private LayoutDigest ComputeDigest()
    {
        // Everything but the version bodies, which their ids (number + content hash) already stand for.
        var rest = JsonSerializer.SerializeToUtf8Bytes(ToDocument(includeVersionBodies: false), LayoutHistoryJson.Default.HistoryDocument);
        return new LayoutDigest(CurrentNumber, Current?.ContentHash ?? default, new Hash32(SHA256.HashData(rest)));
    }

    private HistoryDocument ToDocument(bool includeVersionBodies) => new(
        JsonFormat,
        PrunedBelow,
        [.. _versions.Select(v => includeVersionBodies ? v.Document : new VersionDocument(v.Number, v.ContentHash.ToHex(), 0, 0, [], []))],
        [.. _seen.Select(r => new SeenDocument(r.Number, r.ContentHash.ToHex()))],
        new TrackersDocument(WriteTracker(Trackers.Ack), WriteTracker(Trackers.Sync), WriteTracker(Trackers.SyncAck)),
        new StagingDocument(
            Staging.ResetAt,
            [.. Staging.Roles.Entries.Select(e => new StagedRoleDocument(e.Key.ToHex(), e.Value.Timestamp, e.Value.Value?.Zone, e.Value.Value?.CapacityBytes))],
            Staging.Parameters.Timestamp == 0 && Staging.Parameters.Value is null
                ? null
                : new StagedParametersDocument(Staging.Parameters.Timestamp, Staging.Parameters.Value is { } p ? WriteParameters(p) : null)));

    internal static VersionDocument WriteVersionDocument(LayoutVersion version)
    {
        var roles = version.Layout.Roles.OrderBy(r => r.Node).ToArray();
        var index = roles.Select((r, i) => (r.Node, i)).ToDictionary(x => x.Node, x => x.i);
        return new VersionDocument(
            version.Number,
            version.ContentHash.ToHex(),
            version.Parameters.ReplicationFactor,
            version.Parameters.ZoneRedundancy.AtLeast,
            [.. roles.Select(r => new RoleDocument(r.Node.ToHex(), r.Zone, r.CapacityBytes))],
            [.. Enumerable.Range(0, ClusterLayout.PartitionCount).Select(p => version.Layout.NodesOf((byte)p).Select(n => index[n]).Order().ToArray())]);
    }

    private static LayoutVersion ReadVersionDocument(VersionDocument doc)
    {
        var roles = doc.Roles.Select(r => new NodeRole(NodeId.ParseHex(r.Node), r.Zone, r.Capacity)).ToArray();
        var partitions = doc.Partitions.Select(p => p.Select(i => roles[i].Node).Order().ToArray()).ToArray();
        var layout = ClusterLayout.FromAssignment(doc.Number, doc.ReplicationFactor, roles, partitions);
        var version = new LayoutVersion(layout, new LayoutParameters(doc.ReplicationFactor, new ZoneRedundancy(doc.ZoneRedundancy)));
        if (version.ContentHash.ToHex() != doc.ContentHash)
        {
            // Catches a hand-edited or corrupted file: the stored hash is what other nodes compare against.
            throw new InvalidDataException($"layout version {doc.Number}: content hash does not match its content");
        }

        return version;
    }

    private static ParametersDocument WriteParameters(LayoutParameters p) => new(p.ReplicationFactor, p.ZoneRedundancy.AtLeast);

    private static LayoutParameters ReadParameters(ParametersDocument p) => new(p.ReplicationFactor, new ZoneRedundancy(p.ZoneRedundancy));

    private static TrackerEntryDocument[] WriteTracker(ImmutableSortedDictionary<NodeId, ulong> tracker) =>
        [.. tracker.Select(e => new TrackerEntryDocument(e.Key.ToHex(), e.Value))];

    private static ImmutableSortedDictionary<NodeId, ulong> ReadTracker(TrackerEntryDocument[]? entries)
    {
        var tracker = ImmutableSortedDictionary<NodeId, ulong>.Empty;
        foreach (var e in entries ?? [])
        {
            var node = NodeId.ParseHex(e.Node);
            tracker = tracker.SetItem(node, Math.Max(e.Version, tracker.GetValueOrDefault(node)));
        }

        return tracker;
    }

    private static KeyValuePair<NodeId, Lww<NodeRole?>> ReadStagedRole(StagedRoleDocument doc)
    {
        var node = NodeId.ParseHex(doc.Node);
        return KeyValuePair.Create(node, new Lww<NodeRole?>(doc.Timestamp, doc.Zone is null ? null : new NodeRole(node, doc.Zone, doc.Capacity)));
    }

    internal sealed record HistoryDocument(
        int Format, ulong PrunedBelow, VersionDocument[] Versions, SeenDocument[] Seen, TrackersDocument Trackers, StagingDocument Staging);

    /// <summary>ZoneRedundancy: 0 = maximum, n = at least n zones. Partitions: indices into Roles.</summary>
    internal sealed record VersionDocument(
        ulong Number, string ContentHash, int ReplicationFactor, int ZoneRedundancy, RoleDocument[] Roles, int[][] Partitions);

    internal sealed record RoleDocument(string Node, string Zone, long? Capacity);

    internal sealed record SeenDocument(ulong Number, string Hash);

    internal sealed record TrackersDocument(TrackerEntryDocument[] Ack, TrackerEntryDocument[] Sync, TrackerEntryDocument[] SyncAck);

    internal sealed record TrackerEntryDocument(string Node, ulong Version);

    internal sealed record StagingDocument(ulong ResetAt, StagedRoleDocument[] Roles, StagedParametersDocument? Parameters);

    /// <summary>A null zone stages the removal of the node; a null capacity a gateway role.</summary>
    internal sealed record StagedRoleDocument(string Node, ulong Timestamp, string? Zone, long? Capacity);

    internal sealed record StagedParametersDocument(ulong Timestamp, ParametersDocument? Value);

    internal sealed record ParametersDocument(int ReplicationFactor, int ZoneRedundancy);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LayoutHistory.HistoryDocument))]
internal sealed partial class LayoutHistoryJson : JsonSerializerContext;
