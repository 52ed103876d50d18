namespace GarageOrleans.Cli.Tests;

public sealed class CapacityTests
{
    [Theory]
    [InlineData("1", 1L)]
    [InlineData("1073741824", 1L << 30)]
    [InlineData("500M", 500L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("1g", 1L << 30)]
    [InlineData("2T", 2L << 40)]
    [InlineData("2TB", 2L << 40)]
    [InlineData("2TiB", 2L << 40)]
    [InlineData("1.5T", 3L << 39)]
    [InlineData("64K", 64L << 10)]
    [InlineData("1P", 1L << 50)]
    public void Parse_AcceptsBytesAndBinaryUnits(string text, long bytes) => Assert.Equal(bytes, Capacity.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0G")]
    [InlineData("-1G")]
    [InlineData("1X")]
    [InlineData("G")]
    [InlineData("1.2.3G")]
    [InlineData("99999999P")]
    [InlineData("0.1")]
    public void Parse_RefusesWhatIsNotACapacity_AsAUsageError(string text)
    {
        var e = Assert.Throws<CliException>(() => Capacity.Parse(text));

        Assert.Equal(CliExit.Usage, e.ExitCode);
    }
}
