using GarageOrleans.Grains.Rows;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The multipart_upload table: partition key = upload id, empty sort key.</summary>
public sealed class MultipartTable(Serializer serializer) : TableSchema<MultipartRow>(serializer)
{
    public const string TableName = "multipart_upload";

    public override string Name => TableName;

    protected override byte FormatTag => 1;

    protected override void OnUpdated(IWriteTransaction tx, ReadOnlySpan<byte> key, MultipartRow? old, MultipartRow incoming, MultipartRow updated) =>
        ReleaseQueue.EnqueueAll(tx, updated.Releasable().Except(old?.Releasable() ?? []));
}
