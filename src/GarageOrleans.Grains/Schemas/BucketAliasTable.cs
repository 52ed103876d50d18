using GarageOrleans.Grains.Rows;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The bucket_alias table (full copy): sort key = the global bucket name in UTF-8.</summary>
public sealed class BucketAliasTable(Serializer serializer) : TableSchema<BucketAliasRow>(serializer)
{
    public const string TableName = "bucket_alias";

    public override string Name => TableName;

    public override TableReplication Replication => TableReplication.FullCopy;

    protected override byte FormatTag => 1;
}
