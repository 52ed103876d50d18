using System.Text;
using GarageOrleans.Primitives;

namespace GarageOrleans.Blocks.Tests;

internal static class TestData
{
    /// <summary>Random bytes from a fixed seed: zstd cannot shrink them.</summary>
    public static byte[] Incompressible(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Repetitive text: zstd shrinks it several times over.</summary>
    public static byte[] Compressible(int length, int seed = 1)
    {
        var random = new Random(seed);
        string[] words = ["garage ", "orleans ", "block ", "bucket ", "object ", "the ", "of "];
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(words[random.Next(words.Length)]);
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    public static (BlockHash Hash, byte[] Data) Block(byte[] data) => (BlockHash.Compute(data), data);
}
