using System.Text;
using GarageOrleans.S3.Auth;

namespace GarageOrleans.S3.Tests;

public sealed class ChecksumTests
{
    [Fact]
    public void Crc32C_CheckValue() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Crc64Nvme_CheckValue() => Assert.Equal(0xAE8B14860A799888UL, Crc64Nvme.Compute("123456789"u8));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(4099)]
    public void TableDriven_MatchesBitwiseReference_AcrossLengthsAndSplits(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var split = length / 3;

        var crc32c = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Initial, data.AsSpan(0, split)), data.AsSpan(split)));
        var crc64 = Crc64Nvme.Finish(Crc64Nvme.Append(Crc64Nvme.Append(Crc64Nvme.Initial, data.AsSpan(0, split)), data.AsSpan(split)));

        Assert.Equal(S3PayloadStreamTests.BitwiseCrc32C(data), crc32c);
        Assert.Equal(S3PayloadStreamTests.BitwiseCrc64Nvme(data), crc64);
    }

    [Fact]
    public void Hasher_EmitsBigEndianBase64AsAws()
    {
        // The AWS documentation's trailer example: 66560 'a' bytes have CRC32C sOO8/Q==.
        using var hasher = new ChecksumHasher(S3ChecksumAlgorithm.Crc32C);
        hasher.Append(Encoding.ASCII.GetBytes(new string('a', 66560)));

        Assert.Equal("sOO8/Q==", Convert.ToBase64String(hasher.Finish()));
    }

    [Theory]
    [InlineData("crc32", S3ChecksumAlgorithm.Crc32)]
    [InlineData("x-amz-checksum-CRC32C", S3ChecksumAlgorithm.Crc32C)]
    [InlineData("CRC64NVME", S3ChecksumAlgorithm.Crc64Nvme)]
    public void TryParse_AcceptsNamesAndHeaders(string text, S3ChecksumAlgorithm expected)
    {
        Assert.True(S3Checksums.TryParse(text, out var algorithm));
        Assert.Equal(expected, algorithm);
    }
}
