using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Grains.Schemas;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables;

namespace GarageOrleans.Grains;

/// <summary>
/// Every replicated table of the node, as quorum clients (the composition Garage calls <c>Garage</c>). The
/// <see cref="NodeSiloMap"/> (registered with the silo's placement) lets them skip nodes that are down; without it
/// every replica is called.
/// </summary>
public sealed class MetadataTables(
    ObjectTable objects,
    VersionTable versions,
    BlockRefTable blockRefs,
    MultipartTable multipart,
    BucketTable buckets,
    BucketAliasTable aliases,
    KeyTable keys,
    IGrainFactory grains,
    ILayoutProvider layout,
    TableClientOptions options,
    NodeSiloMap? nodes = null)
{
    /// <summary>Object rows: partition = bucket id, sort = object key.</summary>
    public TableClient<ObjectRow> Objects { get; } = new(objects, grains, layout, options, nodes);

    /// <summary>Version header and block entries: partition = data version id.</summary>
    public TableClient<VersionRow> Versions { get; } = new(versions, grains, layout, options, nodes);

    /// <summary>Block references: partition = block hash, sort = data version id.</summary>
    public TableClient<BlockRefRow> BlockRefs { get; } = new(blockRefs, grains, layout, options, nodes);

    /// <summary>Multipart uploads: partition = upload id.</summary>
    public TableClient<MultipartRow> Multipart { get; } = new(multipart, grains, layout, options, nodes);

    /// <summary>Buckets (full copy): sort = bucket id.</summary>
    public TableClient<Deletable<BucketParams>> Buckets { get; } = new(buckets, grains, layout, options, nodes);

    /// <summary>Global bucket names (full copy): sort = name.</summary>
    public TableClient<BucketAliasRow> Aliases { get; } = new(aliases, grains, layout, options, nodes);

    /// <summary>Access keys (full copy): sort = access key id.</summary>
    public TableClient<Deletable<KeyParams>> Keys { get; } = new(keys, grains, layout, options, nodes);

    /// <summary>
    /// Names the owner of a data version in its header, before any of its blocks is written, so the upload repair can
    /// find the blocks if the writer dies.
    /// </summary>
    public Task RecordDataOwnerAsync(VersionId dataVersion, VersionOwner owner) =>
        Versions.InsertAsync(dataVersion.Value, [], VersionRow.Header(owner));

    /// <summary>
    /// Releases a data version's blocks: its header becomes Deleted, and the version table's hook queues the release on
    /// every replica that merges it. Idempotent.
    /// </summary>
    public Task ReleaseDataAsync(VersionId dataVersion) => Versions.InsertAsync(dataVersion.Value, [], VersionRow.DeletedHeader);
}
