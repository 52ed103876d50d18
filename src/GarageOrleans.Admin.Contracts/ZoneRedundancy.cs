using System.Text.Json;
using System.Text.Json.Serialization;

namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// The zone-redundancy layout parameter: <see cref="Maximum"/> (spread each partition over as many zones as the
/// replication factor and the zones allow) or at least <see cref="AtLeast"/> distinct zones. In JSON it is the string
/// <c>"maximum"</c> or a number; Garage's <c>{"atLeast": n}</c> is read too, so its scripts work unchanged.
/// </summary>
[JsonConverter(typeof(ZoneRedundancyJsonConverter))]
public readonly record struct ZoneRedundancy(int? AtLeast)
{
    public const string MaximumName = "maximum";

    public static ZoneRedundancy Maximum => default;

    public bool IsMaximum => AtLeast is null;

    /// <summary>Parses <c>maximum</c> (any case) or a positive integer; false for anything else.</summary>
    public static bool TryParse(string? text, out ZoneRedundancy value)
    {
        value = Maximum;
        if (string.Equals(text, MaximumName, StringComparison.OrdinalIgnoreCase) || string.Equals(text, "max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            value = new ZoneRedundancy(n);
            return true;
        }

        return false;
    }

    public override string ToString() => AtLeast is int n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : MaximumName;
}

/// <summary>Reads and writes <see cref="ZoneRedundancy"/> as <c>"maximum"</c> or a number (reads <c>{"atLeast": n}</c> too).</summary>
public sealed class ZoneRedundancyJsonConverter : JsonConverter<ZoneRedundancy>
{
    public override ZoneRedundancy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when ZoneRedundancy.TryParse(reader.GetString(), out var value):
                return value;
            case JsonTokenType.Number when reader.TryGetInt32(out var n) && n > 0:
                return new ZoneRedundancy(n);
            case JsonTokenType.StartObject:
                int? atLeast = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (name == "atLeast" && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var m) && m > 0)
                    {
                        atLeast = m;
                    }
                    else
                    {
                        throw new JsonException($"zoneRedundancy: unexpected member '{name}'.");
                    }
                }

                return atLeast is int k ? new ZoneRedundancy(k) : throw new JsonException("zoneRedundancy: {\"atLeast\": n} needs n ≥ 1.");
            default:
                throw new JsonException("zoneRedundancy must be \"maximum\" or a positive integer.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ZoneRedundancy value, JsonSerializerOptions options)
    {
        if (value.AtLeast is int n)
        {
            writer.WriteNumberValue(n);
        }
        else
        {
            writer.WriteStringValue(ZoneRedundancy.MaximumName);
        }
    }
}
