using System.Buffers.Binary;
using GarageOrleans.Primitives;
using GarageOrleans.Storage;

namespace GarageOrleans.Blocks;

/// <summary>
/// Local block refcounts in the metadata engine. The mutators take the caller's <see cref="IWriteTransaction"/> so
/// the table layer updates the count in the same transaction as the <c>block_ref</c> row that causes it (Garage's
/// <c>updated()</c> hook): the count can never drift from the rows.
/// </summary>
/// <remarks>
/// Trees: <see cref="RefcountTree"/> maps the 32-byte hash to <c>[tag 1][count u64 BE][deletable-since ms u64 BE]</c>;
/// <see cref="GcIndexTree"/> holds one key <c>[deletable-since ms u64 BE][hash]</c> per block at count 0, so the GC
/// finds its work with a range scan. Callers must increment <em>before</em> writing the block file (see
/// <see cref="BlockStore"/>).
/// </remarks>
public static class BlockRefcounts
{
    public const string RefcountTree = "block_rc";
    public const string GcIndexTree = "block_gc";

    private const byte FormatV1 = 1;
    private const int RowLength = 1 + 8 + 8;
    private const int GcKeyLength = 8 + Hash32.Size;
    private static readonly byte[] GcValue = [FormatV1];

    /// <summary>Adds one reference; a block waiting for deletion is kept.</summary>
    public static void Increment(IWriteTransaction tx, BlockHash hash)
    {
        ArgumentNullException.ThrowIfNull(tx);
        Span<byte> key = stackalloc byte[Hash32.Size];
        hash.Value.WriteTo(key);
        var state = Decode(tx.Get(RefcountTree, key));
        if (state.DeletableSinceMs is { } since)
        {
            tx.Delete(GcIndexTree, GcKey(since, hash));
        }

        Write(tx, key, new RefcountState(checked(state.Count + 1), null));
    }

    /// <summary>Removes one reference; at 0 the block becomes deletable from <paramref name="nowMs"/>. Never below 0.</summary>
    public static void Decrement(IWriteTransaction tx, BlockHash hash, ulong nowMs)
    {
        ArgumentNullException.ThrowIfNull(tx);
        Span<byte> key = stackalloc byte[Hash32.Size];
        hash.Value.WriteTo(key);
        var state = Decode(tx.Get(RefcountTree, key));
        if (state.Count == 0)
        {
            // Absent or already deletable: a duplicate decrement must not move the deadline.
            return;
        }

        if (state.Count > 1)
        {
            Write(tx, key, state with { Count = state.Count - 1 });
            return;
        }

        Write(tx, key, new RefcountState(0, nowMs));
        tx.Put(GcIndexTree, GcKey(nowMs, hash), GcValue);
    }

    public static RefcountState Get(IWriteTransaction tx, BlockHash hash)
    {
        ArgumentNullException.ThrowIfNull(tx);
        Span<byte> key = stackalloc byte[Hash32.Size];
        hash.Value.WriteTo(key);
        return Decode(tx.Get(RefcountTree, key));
    }

    public static async ValueTask<RefcountState> GetAsync(IMetadataEngine engine, BlockHash hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Decode(await engine.GetAsync(RefcountTree, hash.Value.ToArray(), cancellationToken));
    }

    /// <summary>Blocks whose count has been 0 since strictly before <paramref name="cutoffMs"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<BlockHash>> DeletableBeforeAsync(IMetadataEngine engine, ulong cutoffMs, int limit, CancellationToken cancellationToken = default)
    {
        var entries = await GcEntriesBeforeAsync(engine, cutoffMs, limit, cancellationToken);
        return entries.Select(e => e.Hash).ToArray();
    }

    internal static async Task<IReadOnlyList<(ulong SinceMs, BlockHash Hash)>> GcEntriesBeforeAsync(IMetadataEngine engine, ulong cutoffMs, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // The 8-byte key of the cutoff sorts after every [since][hash] with since < cutoff and before the rest.
        var end = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(end, cutoffMs);
        var rows = await engine.RangeAsync(GcIndexTree, new RangeQuery(null, end, limit), cancellationToken);
        var entries = new (ulong, BlockHash)[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var k = rows[i].Key;
            if (k.Length != GcKeyLength)
            {
                throw new InvalidDataException($"{GcIndexTree} key of {k.Length} bytes");
            }

            entries[i] = (BinaryPrimitives.ReadUInt64BigEndian(k), new BlockHash(new Hash32(k.AsSpan(8))));
        }

        return entries;
    }

    /// <summary>
    /// The GC's decision, taken inside its write transaction: when the block is still deletable since before
    /// <paramref name="cutoffMs"/>, drops its rows and returns true (the file may go). The index entry the GC found is
    /// removed in every case, so a stale one cannot make the GC spin.
    /// </summary>
    internal static bool TryCollect(IWriteTransaction tx, BlockHash hash, ulong indexedSinceMs, ulong cutoffMs)
    {
        tx.Delete(GcIndexTree, GcKey(indexedSinceMs, hash));
        Span<byte> key = stackalloc byte[Hash32.Size];
        hash.Value.WriteTo(key);
        var state = Decode(tx.Get(RefcountTree, key));
        if (state.Count != 0 || state.DeletableSinceMs is not { } since || since >= cutoffMs)
        {
            return false;
        }

        tx.Delete(GcIndexTree, GcKey(since, hash));
        tx.Delete(RefcountTree, key);
        return true;
    }

    private static byte[] GcKey(ulong sinceMs, BlockHash hash)
    {
        var key = new byte[GcKeyLength];
        BinaryPrimitives.WriteUInt64BigEndian(key, sinceMs);
        hash.Value.WriteTo(key.AsSpan(8));
        return key;
    }

    private static void Write(IWriteTransaction tx, ReadOnlySpan<byte> key, RefcountState state)
    {
        Span<byte> row = stackalloc byte[RowLength];
        row[0] = FormatV1;
        BinaryPrimitives.WriteUInt64BigEndian(row[1..], state.Count);
        BinaryPrimitives.WriteUInt64BigEndian(row[9..], state.DeletableSinceMs ?? 0);
        tx.Put(RefcountTree, key, row);
    }

    private static RefcountState Decode(byte[]? row)
    {
        if (row is null)
        {
            return RefcountState.Absent;
        }

        if (row.Length != RowLength || row[0] != FormatV1)
        {
            throw new InvalidDataException($"{RefcountTree} row with unknown format (tag {(row.Length > 0 ? row[0] : -1)}, {row.Length} bytes)");
        }

        var count = BinaryPrimitives.ReadUInt64BigEndian(row.AsSpan(1));
        return count > 0 ? new RefcountState(count, null) : new RefcountState(0, BinaryPrimitives.ReadUInt64BigEndian(row.AsSpan(9)));
    }
}
