using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>
/// The node's stable identity (DESIGN §4): created once, kept in <c>&lt;metadataDir&gt;/node_id</c> as 64 hex
/// characters, and never replaced: the layout names nodes by this id, so a new id would orphan the node's data.
/// </summary>
public static class NodeIdentity
{
    public const string FileName = "node_id";

    /// <summary>Reads the node id, creating it (atomically, mode 0600) on the first start.</summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a node id.</exception>
    public static NodeId LoadOrCreate(string metadataDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metadataDir);
        Directory.CreateDirectory(metadataDir);
        var path = Path.Combine(metadataDir, FileName);
        if (!File.Exists(path))
        {
            // If another process created it meanwhile, its id wins and is read below.
            AtomicFile.TryCreate(path, NodeId.New().ToHex() + "\n");
        }

        var text = File.ReadAllText(path).Trim();
        if (!NodeId.TryParseHex(text, out var id))
        {
            throw new InvalidDataException(
                $"{path} does not hold a node id (64 hexadecimal characters). Restore it from a backup; delete it only "
                + "if this node holds no data, since a new id makes the cluster treat it as a different node.");
        }

        return id;
    }
}
