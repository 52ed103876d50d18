using System.Text;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Tests;

/// <summary>Stable node ids derived from names, so failures print the same ids on every run.</summary>
internal static class TestNodes
{
    public static NodeId Id(string name) => new(Hash32.Sha256(Encoding.UTF8.GetBytes(name)));

    public static NodeRole Storage(string name, string zone, long capacity = 1_000_000_000) => new(Id(name), zone, capacity);

    public static NodeRole Gateway(string name, string zone = "dc1") => new(Id(name), zone, null);
}
