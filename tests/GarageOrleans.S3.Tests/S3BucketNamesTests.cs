using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Tests;

public sealed class S3BucketNamesTests
{
    [Theory]
    [InlineData("abc", true)]
    [InlineData("my-bucket.example", true)]
    [InlineData("123", true)]
    [InlineData("ab", false)]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", false)]
    [InlineData("Upper", false)]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData("a_b", false)]
    [InlineData("a..b", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("192.168.1", true)]
    [InlineData("xn--bucket", false)]
    [InlineData("a.xn--bucket", false)]
    [InlineData("data-s3alias", false)]
    public void IsValid_FollowsBucketNamingRules(string name, bool valid) => Assert.Equal(valid, BucketNames.IsValid(name));
}
