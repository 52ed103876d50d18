using GarageOrleans.Primitives;
using GarageOrleans.Storage;

namespace GarageOrleans.Grains.Schemas;

/// <summary>
/// Node-local queue of data versions whose blocks must be released (Garage's insert_queue for the
/// object → version → block_ref propagation). Filled by table hooks in the same transaction as the row change, so a
/// crash can neither lose a release nor release twice in a way that matters (releasing is idempotent).
/// </summary>
public static class ReleaseQueue
{
    public const string Tree = "release_queue";

    private static readonly byte[] Marker = [1];

    public static void Enqueue(IWriteTransaction tx, VersionId dataVersion)
    {
        Span<byte> key = stackalloc byte[Hash32.Size];
        dataVersion.Value.WriteTo(key);
        tx.Put(Tree, key, Marker);
    }

    public static void EnqueueAll(IWriteTransaction tx, IEnumerable<VersionId> dataVersions)
    {
        foreach (var v in dataVersions)
        {
            Enqueue(tx, v);
        }
    }
}
