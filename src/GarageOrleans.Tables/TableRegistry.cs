namespace GarageOrleans.Tables;

/// <summary>The schemas of every table this node serves, by name (filled from DI).</summary>
public sealed class TableRegistry(IEnumerable<ITableSchema> schemas)
{
    private readonly Dictionary<string, ITableSchema> _schemas = schemas.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public ITableSchema Get(string name) =>
        _schemas.TryGetValue(name, out var schema) ? schema : throw new KeyNotFoundException($"unknown table {name}");

    public IEnumerable<ITableSchema> All => _schemas.Values;
}
