using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Data;

/// <summary>
/// Block I/O on one node (grain key <c>"&lt;node hex&gt;/blocks"</c>, pinned to that node). Used only for nodes
/// other than the caller's: the local node's blocks are read and written directly. One block (≤ the block size,
/// far under Orleans' 100 MiB message limit) per call; payloads are [Immutable] so a same-silo call does not copy.
/// </summary>
public interface IBlockNodeGrain : IGrainWithStringKey
{
    /// <summary>Stores the block (hash verified); false if it was already there.</summary>
    Task<bool> PutAsync(BlockHash hash, [Immutable] byte[] data);

    /// <summary>The verified plaintext, or null when this node has no good copy.</summary>
    Task<byte[]?> GetAsync(BlockHash hash);
}
