using GarageOrleans.Storage;

namespace GarageOrleans.Tables;

/// <summary>
/// What a replicated table declares (Garage's TableSchema): its name, how it is replicated, and how to merge and
/// react to its encoded rows. Rows are CRDTs, so a replica may merge them in any order and converge.
/// </summary>
public interface ITableSchema
{
    /// <summary>Table name; also the name of the local tree that stores it.</summary>
    string Name { get; }

    TableReplication Replication { get; }

    /// <summary>Merges an incoming encoded row into the stored one (both non-null); returns the encoded result.</summary>
    byte[] Merge(byte[] stored, byte[] incoming);

    /// <summary>
    /// Called inside the local write transaction whenever a row changes on this node (<paramref name="old"/> null
    /// when new; <paramref name="incoming"/> is the row that was merged in), so that node-local derived state (block
    /// refcounts, the release queue) stays exactly in step with the rows (Garage's <c>updated()</c> hook). Must not do
    /// I/O beyond <paramref name="tx"/>.
    /// </summary>
    void Updated(IWriteTransaction tx, ReadOnlySpan<byte> key, byte[]? old, byte[] incoming, byte[] updated);
}
