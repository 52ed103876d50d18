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

    protected override void OnUpdated(IWriteTransaction tx, ReadOnlySpan<byte> key, ObjectRow? old, ObjectRow incoming, ObjectRow updated)
    {
        // Released: the data of Complete versions the new row no longer keeps (superseded or deleted), and the data
        // of uploads the incoming write aborts. The data of an upload in progress is never released by the merge
        // dropping its Uploading entry: that upload may still complete (as a new, newer version).
        var stillLive = updated.LiveData().ToHashSet();
        var released = (old?.LiveData() ?? []).Where(v => !stillLive.Contains(v))
            .Concat(incoming.AbortedData().Where(v => !stillLive.Contains(v)));
        ReleaseQueue.EnqueueAll(tx, released);
    }
}
