using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Storage;
using Orleans.Serialization;

namespace GarageOrleans.Tables;

/// <summary>
/// A table whose rows are <typeparamref name="TRow"/> CRDTs. Stored form: one format-tag byte, then the row in
/// Orleans' version-tolerant binary format (fields are numbered with never-reused [Id]s, so adding a field is not a
/// migration; a breaking change bumps <see cref="FormatTag"/> and decodes the old tag explicitly).
/// </summary>
public abstract class TableSchema<TRow>(Serializer serializer) : ITableSchema
    where TRow : class, ICrdt<TRow>
{
    private readonly Serializer<TRow> _serializer = serializer.GetSerializer<TRow>();

    public abstract string Name { get; }

    public virtual TableReplication Replication => TableReplication.Sharded;

    /// <summary>First byte of every stored row of this table.</summary>
    protected abstract byte FormatTag { get; }

    public byte[] Encode(TRow row)
    {
        var body = _serializer.SerializeToArray(row);
        var encoded = new byte[body.Length + 1];
        encoded[0] = FormatTag;
        body.CopyTo(encoded.AsSpan(1));
        return encoded;
    }

    public TRow Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty || encoded[0] != FormatTag)
        {
            throw new InvalidDataException(
                $"table {Name}: unknown row format tag {(encoded.IsEmpty ? -1 : encoded[0])}, expected {FormatTag}");
        }

        return _serializer.Deserialize(encoded[1..].ToArray()) ?? throw new InvalidDataException($"table {Name}: empty row");
    }

    public byte[] Merge(byte[] stored, byte[] incoming) => Encode(Decode(stored).Merge(Decode(incoming)));

    void ITableSchema.Updated(IWriteTransaction tx, ReadOnlySpan<byte> key, byte[]? old, byte[] incoming, byte[] updated) =>
        OnUpdated(tx, key, old is null ? null : Decode(old), Decode(incoming), Decode(updated));

    /// <summary>See <see cref="ITableSchema.Updated"/>.</summary>
    protected virtual void OnUpdated(IWriteTransaction tx, ReadOnlySpan<byte> key, TRow? old, TRow incoming, TRow updated)
    {
    }
}
