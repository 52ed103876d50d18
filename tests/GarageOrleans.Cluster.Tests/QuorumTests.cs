namespace GarageOrleans.Cluster.Tests;

public sealed class QuorumTests
{
    [Theory]
    [InlineData(1, ConsistencyMode.Consistent, 1, 1)]
    [InlineData(2, ConsistencyMode.Consistent, 1, 2)]
    [InlineData(3, ConsistencyMode.Consistent, 2, 2)]
    [InlineData(3, ConsistencyMode.Degraded, 1, 2)]
    [InlineData(3, ConsistencyMode.Dangerous, 1, 1)]
    [InlineData(5, ConsistencyMode.Consistent, 3, 3)]
    public void For_MatchesGaragesTable(int rf, ConsistencyMode mode, int read, int write)
    {
        Assert.Equal(new Quorum(read, write), Quorum.For(rf, mode));
    }

    [Theory]
    [InlineData("consistent", ConsistencyMode.Consistent)]
    [InlineData(" Degraded ", ConsistencyMode.Degraded)]
    [InlineData("DANGEROUS", ConsistencyMode.Dangerous)]
    public void Parse_ConfigSpellings_InAnyCase(string value, ConsistencyMode expected)
    {
        Assert.Equal(expected, ConsistencyModes.Parse(value));
        Assert.Equal(value.Trim().ToLowerInvariant(), expected.ToConfigString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("strong")]
    [InlineData("0")]
    public void Parse_UnknownMode_ThrowsFormatException(string? value)
    {
        Assert.False(ConsistencyModes.TryParse(value, out _));
        var e = Assert.Throws<FormatException>(() => ConsistencyModes.Parse(value));
        Assert.Contains("consistent", e.Message);
    }
}
