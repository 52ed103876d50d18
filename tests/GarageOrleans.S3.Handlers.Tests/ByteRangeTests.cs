namespace GarageOrleans.S3.Handlers.Tests;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=10-19", 10, 10)]
    [InlineData("bytes=990-2000", 990, 10)]
    [InlineData("bytes=500-", 500, 500)]
    [InlineData("bytes=-100", 900, 100)]
    [InlineData("bytes=-5000", 0, 1000)]
    [InlineData("bytes=999-999", 999, 1)]
    [InlineData(" Bytes=1-2 ", 1, 2)]
    public void Parse_SingleRange_GivesStartAndLength(string header, long start, long length)
    {
        var r = ByteRange.Parse(header, 1000);
        Assert.Equal(ByteRangeKind.Satisfiable, r.Kind);
        Assert.Equal(start, r.Start);
        Assert.Equal(length, r.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-1")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=-")]
    [InlineData("bytes=1-x")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=99999999999999999999-")]
    [InlineData("bytes=0-1,5-6")]
    public void Parse_InvalidOrMultiRange_IsIgnored(string? header)
    {
        Assert.Equal(ByteRangeKind.None, ByteRange.Parse(header, 1000).Kind);
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=1000-2000")]
    [InlineData("bytes=-0")]
    public void Parse_BeyondTheEnd_IsUnsatisfiable(string header)
    {
        Assert.Equal(ByteRangeKind.Unsatisfiable, ByteRange.Parse(header, 1000).Kind);
    }

    [Fact]
    public void Parse_AnyStartOnEmptyObject_IsUnsatisfiable()
    {
        Assert.Equal(ByteRangeKind.Unsatisfiable, ByteRange.Parse("bytes=0-", 0).Kind);
    }

    [Fact]
    public void ContentRange_UsesInclusiveEndAndTotalSize()
    {
        Assert.Equal("bytes 10-19/1000", ByteRange.Parse("bytes=10-19", 1000).ContentRange(1000));
    }
}
