using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The key table (full copy): sort key = the access key id in UTF-8.</summary>
public sealed class KeyTable(Serializer serializer) : TableSchema<Deletable<KeyParams>>(serializer)
{
    public const string TableName = "key";

    public override string Name => TableName;

    public override TableReplication Replication => TableReplication.FullCopy;

    protected override byte FormatTag => 1;
}
