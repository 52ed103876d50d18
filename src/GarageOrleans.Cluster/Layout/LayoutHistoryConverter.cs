namespace GarageOrleans.Cluster.Layout;

/// <summary>
/// Carries a <see cref="LayoutHistory"/> between grains as its canonical JSON: one format for disk and wire, checked
/// (content hashes, assignments) by the same code on arrival, and compact thanks to node indices in the assignment.
/// Gossip compares <see cref="LayoutDigest"/>s first, so full histories travel only when something differs.
/// </summary>
[RegisterConverter]
public sealed class LayoutHistoryConverter : IConverter<LayoutHistory, LayoutHistorySurrogate>
{
    public LayoutHistory ConvertFromSurrogate(in LayoutHistorySurrogate surrogate) => LayoutHistory.FromJson(surrogate.Json);

    public LayoutHistorySurrogate ConvertToSurrogate(in LayoutHistory value) => new(value.ToJson());
}

/// <summary>The Orleans wire form of a <see cref="LayoutHistory"/>.</summary>
[GenerateSerializer, Immutable]
public readonly record struct LayoutHistorySurrogate([property: Id(0)] string Json);
