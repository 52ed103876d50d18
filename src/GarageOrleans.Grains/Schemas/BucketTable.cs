using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The bucket table (full copy): sort key = the 32-byte bucket id.</summary>
public sealed class BucketTable(Serializer serializer) : TableSchema<Deletable<BucketParams>>(serializer)
{
    public const string TableName = "bucket";

    public override string Name => TableName;

    public override TableReplication Replication => TableReplication.FullCopy;

    protected override byte FormatTag => 1;
}
