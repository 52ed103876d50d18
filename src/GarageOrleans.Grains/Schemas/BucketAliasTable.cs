using GarageOrleans.Grains.Rows;
using GarageOrleans.Tables.FullCopy;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The bucket_alias table (full copy, read locally through FullCopyCache): sort key = the global bucket name in UTF-8.</summary>
public sealed class BucketAliasTable(Serializer serializer) : FullCopyTableSchema<BucketAliasRow>(serializer)
{
    public const string TableName = "bucket_alias";

    public override string Name => TableName;

    protected override byte FormatTag => 1;
}
