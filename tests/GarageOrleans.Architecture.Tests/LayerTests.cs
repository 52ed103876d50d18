using System.Reflection;

namespace GarageOrleans.Architecture.Tests;

/// <summary>
/// The arrows of DESIGN.md §2 / STYLE.md §5: each project may reference only the layers below it. The S3, admin and
/// website surfaces see the cluster through Abstractions only, never grains, tables, blocks or storage.
/// </summary>
public sealed class LayerTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Primitives"] = [],
        ["Storage"] = ["Primitives"],
        ["Cluster"] = ["Primitives"],
        ["Tables"] = ["Primitives", "Storage", "Cluster"],
        ["Blocks"] = ["Primitives", "Storage", "Cluster", "Tables", "Abstractions"],
        ["Abstractions"] = ["Primitives"],
        ["Grains"] = ["Primitives", "Storage", "Cluster", "Tables", "Blocks", "Abstractions"],
        ["S3"] = ["Primitives", "Abstractions"],
        ["Admin.Contracts"] = [],
        ["Admin"] = ["Primitives", "Abstractions", "Admin.Contracts"],
        ["Hosting"] = ["Primitives", "Storage", "Cluster", "Tables", "Blocks", "Abstractions", "Grains", "S3", "Admin", "Admin.Contracts"],
        ["Cli"] = ["Admin.Contracts"],
    };

    public static TheoryData<string> Layers => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_ReferencesOnlyTheLayersBelowIt(string layer)
    {
        var assembly = Load(layer);
        var references = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("GarageOrleans.", StringComparison.Ordinal))
            .Select(n => n["GarageOrleans.".Length..])
            .ToList();
        var forbidden = references.Except(Allowed[layer]).ToList();
        Assert.True(forbidden.Count == 0, $"GarageOrleans.{layer} must not reference {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void EveryProjectHasARule()
    {
        var onDisk = Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src"))
            .Select(d => Path.GetFileName(d)!["GarageOrleans.".Length..])
            .Where(n => n != "Server")
            .Order();
        Assert.Equal(onDisk, Allowed.Keys.Order());
    }

    private static Assembly Load(string layer) => layer == "Cli"
        ? Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, "garage-orleans.dll"))
        : Assembly.Load("GarageOrleans." + layer);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GarageOrleans.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
