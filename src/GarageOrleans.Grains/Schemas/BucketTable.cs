using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables.FullCopy;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The bucket table (full copy, read locally through FullCopyCache): sort key = the 32-byte bucket id.</summary>
public sealed class BucketTable(Serializer serializer) : FullCopyTableSchema<Deletable<BucketParams>>(serializer)
{
    public const string TableName = "bucket";

    public override string Name => TableName;

    protected override byte FormatTag => 1;
}
