using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables.FullCopy;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The key table (full copy, read locally through FullCopyCache): sort key = the access key id in UTF-8.</summary>
public sealed class KeyTable(Serializer serializer) : FullCopyTableSchema<Deletable<KeyParams>>(serializer)
{
    public const string TableName = "key";

    public override string Name => TableName;

    protected override byte FormatTag => 1;
}
