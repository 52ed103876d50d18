using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster.Tests;

public sealed class NodeIdentityTests
{
    [Fact]
    public void LoadOrCreate_FirstStart_WritesA64HexFileReadableOnlyByTheOwner()
    {
        using var dir = new TempDir();
        var metadata = Path.Combine(dir.Path, "meta");

        var id = NodeIdentity.LoadOrCreate(metadata);

        var path = Path.Combine(metadata, NodeIdentity.FileName);
        Assert.Equal(id.ToHex(), File.ReadAllText(path).Trim());
        Assert.Single(Directory.GetFiles(metadata));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void LoadOrCreate_LaterStarts_ReturnTheSameId()
    {
        using var dir = new TempDir();

        var first = NodeIdentity.LoadOrCreate(dir.Path);
        var second = NodeIdentity.LoadOrCreate(dir.Path);

        Assert.Equal(first, second);
    }

    [Fact]
    public void LoadOrCreate_ExistingFile_IsReadNotReplaced()
    {
        using var dir = new TempDir();
        var existing = NodeId.New();
        File.WriteAllText(Path.Combine(dir.Path, NodeIdentity.FileName), existing.ToHex().ToUpperInvariant() + "\r\n");

        Assert.Equal(existing, NodeIdentity.LoadOrCreate(dir.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not hex")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    public void LoadOrCreate_CorruptFile_ThrowsAndKeepsTheFile(string content)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, NodeIdentity.FileName);
        File.WriteAllText(path, content);

        var e = Assert.Throws<InvalidDataException>(() => NodeIdentity.LoadOrCreate(dir.Path));

        Assert.Contains(path, e.Message);
        Assert.Equal(content, File.ReadAllText(path));
    }
}
