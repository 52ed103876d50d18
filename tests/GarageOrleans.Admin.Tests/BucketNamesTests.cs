using GarageOrleans.Primitives;
namespace GarageOrleans.Admin.Tests;

public sealed class BucketNamesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("my-bucket.photos-2024")]
    [InlineData("0ab")]
    public void Validate_AcceptsS3Names(string name) => Assert.Null(BucketNames.Validate(name));

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    [InlineData("trailing.")]
    [InlineData("two..dots")]
    [InlineData("192.168.1.1")]
    [InlineData("xn--punycode")]
    [InlineData("name-s3alias")]
    public void Validate_RefusesNamesS3Refuses(string name) => Assert.NotNull(BucketNames.Validate(name));

    [Fact]
    public void Validate_RefusesNamesLongerThan63() => Assert.NotNull(BucketNames.Validate(new string('a', 64)));

    [Fact]
    public void BucketRef_Parse_Treats64HexAsIdAndAnythingElseAsName()
    {
        var hex = new string('A', 64);

        Assert.Equal(new BucketRef(new string('a', 64), null), BucketRef.Parse(hex));
        Assert.Equal(new BucketRef(null, "photos"), BucketRef.Parse("photos"));
    }
}
