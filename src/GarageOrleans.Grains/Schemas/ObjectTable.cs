using GarageOrleans.Grains.Rows;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The object table: partition key = bucket id, sort key = the object key's UTF-8 bytes (S3 list order).</summary>
public sealed class ObjectTable(Serializer serializer) : TableSchema<ObjectRow>(serializer)
{
    public const string TableName = "object";

    public override string Name => TableName;

    protected override byte FormatTag => 1;

    protected override void OnUpdated(IWriteTransaction tx, ReadOnlySpan<byte> key, ObjectRow? old, ObjectRow updated)
    {
        // Data the old row kept alive and the new one does not (superseded or aborted), plus uploads that arrive
        // here already aborted.
        var stillLive = updated.LiveData().ToHashSet();
        var released = (old?.LiveData() ?? []).Where(v => !stillLive.Contains(v))
            .Concat(updated.AbortedData().Except(old?.AbortedData() ?? []));
        ReleaseQueue.EnqueueAll(tx, released);
    }
}
