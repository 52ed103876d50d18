using GarageOrleans.Grains.Rows;
using GarageOrleans.Tables;
using Orleans.Serialization;

namespace GarageOrleans.Grains.Schemas;

/// <summary>The version table: partition key = data version id; sort key empty (header) or 8-byte offset (block).</summary>
public sealed class VersionTable(Serializer serializer) : TableSchema<VersionRow>(serializer)
{
    public const string TableName = "version";

    public override string Name => TableName;

    protected override byte FormatTag => 1;
}
