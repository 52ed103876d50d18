using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Primitives.Crdt;
using GarageOrleans.Primitives.Tests;

namespace GarageOrleans.Grains.Tests;

/// <summary>
/// The law tests are only as strong as their equality: <see cref="Structural"/> must notice a change in any field of
/// any row. Each test mutates every stored property of one type (checked against the type's own list, so a field
/// added later without a mutation here fails) and nested values (headers, inline bytes, parts, map entries).
/// </summary>
public sealed class StructuralTests
{
    private static readonly VersionId A = new(new Hash32(1, 0, 0, 0));
    private static readonly VersionId B = new(new Hash32(2, 0, 0, 0));
    private static readonly ObjectMeta Meta = new(5, "e", [new("content-type", "t"), new("x-amz-meta-a", "1")], "CRC32", "c");
    private static readonly ObjectPart Part = new(1, A, 5, "p");

    private static ObjectVersionRow Version() =>
        new(A, 7, ObjectVersionState.Complete, false, Meta with { Headers = [.. Meta.Headers] }, false, [1, 2], [Part with { }]);

    [Fact]
    public void NoticesEveryField_OfObjectVersionRow() => AssertNoticesEveryField(Version, new()
    {
        ["Id"] = v => v with { Id = B },
        ["Timestamp"] = v => v with { Timestamp = 8 },
        ["State"] = v => v with { State = ObjectVersionState.Aborted },
        ["Multipart"] = v => v with { Multipart = true },
        ["Meta"] = v => v with { Meta = null },
        ["DeleteMarker"] = v => v with { DeleteMarker = true },
        ["Inline"] = v => v with { Inline = [1, 3] },
        ["Parts"] = v => v with { Parts = [] },
    });

    [Fact]
    public void NoticesEveryField_OfObjectMeta() => AssertNoticesEveryField(() => Meta with { Headers = [.. Meta.Headers] }, new()
    {
        ["Size"] = m => m with { Size = 6 },
        ["ETag"] = m => m with { ETag = "f" },
        ["Headers"] = m => m with { Headers = [Meta.Headers[0], new("x-amz-meta-a", "2")] },
        ["ChecksumAlgorithm"] = m => m with { ChecksumAlgorithm = null },
        ["ChecksumValue"] = m => m with { ChecksumValue = "d" },
    });

    [Fact]
    public void NoticesEveryField_OfObjectPart() => AssertNoticesEveryField(() => Part with { }, new()
    {
        ["PartNumber"] = p => p with { PartNumber = 2 },
        ["DataVersion"] = p => p with { DataVersion = B },
        ["Size"] = p => p with { Size = 6 },
        ["ETag"] = p => p with { ETag = "q" },
    });

    [Fact]
    public void NoticesEveryField_OfObjectRow() => AssertNoticesEveryField(() => new ObjectRow([Version()], new VersionKey(7, A)), new()
    {
        ["Versions"] = r => r with { Versions = [Version() with { Parts = [Part with { Size = 6 }] }] },
        ["Floor"] = r => r with { Floor = null },
    });

    [Fact]
    public void NoticesEveryField_OfMultipartRow() =>
        AssertNoticesEveryField(() => new MultipartRow(new BucketId(A.Value), "k", 3, Meta, MultipartState.Completed, [Attempt()], [A]), new()
        {
            ["Bucket"] = r => r with { Bucket = new BucketId(B.Value) },
            ["Key"] = r => r with { Key = "l" },
            ["InitiatedMs"] = r => r with { InitiatedMs = 4 },
            ["PendingMeta"] = r => r with { PendingMeta = Meta with { ChecksumValue = null } },
            ["State"] = r => r with { State = MultipartState.Aborted },
            ["Attempts"] = r => r with { Attempts = [Attempt() with { ETag = "f" }] },
            ["Chosen"] = r => r with { Chosen = [B] },
        });

    [Fact]
    public void NoticesEveryField_OfPartAttempt() => AssertNoticesEveryField(Attempt, new()
    {
        ["PartNumber"] = a => a with { PartNumber = 2 },
        ["DataVersion"] = a => a with { DataVersion = B },
        ["Timestamp"] = a => a with { Timestamp = 10 },
        ["Finished"] = a => a with { Finished = false },
        ["Size"] = a => a with { Size = 2 },
        ["ETag"] = a => a with { ETag = "f" },
    });

    [Fact]
    public void NoticesEveryField_OfVersionRow() => AssertNoticesEveryField(() => new VersionRow(false, new BlockHash(A.Value), 3), new()
    {
        ["Deleted"] = r => r with { Deleted = true },
        ["Hash"] = r => r with { Hash = null },
        ["Size"] = r => r with { Size = 4 },
        ["Owner"] = r => r with { Owner = new VersionOwner(new BucketId(A.Value), "k", null, 1) },
    });

    [Fact]
    public void NoticesEveryField_OfVersionOwner() => AssertNoticesEveryField(() => new VersionOwner(new BucketId(A.Value), "k", null, 1), new()
    {
        ["Bucket"] = o => o with { Bucket = default },
        ["Key"] = o => o with { Key = "l" },
        ["UploadId"] = o => o with { UploadId = A },
        ["CreatedMs"] = o => o with { CreatedMs = 2 },
    });

    [Fact]
    public void NoticesEveryField_OfBucketKeyAndAliasRows()
    {
        AssertNoticesEveryField(Bucket, new()
        {
            ["CreatedMs"] = b => b with { CreatedMs = 2 },
            ["Name"] = b => b with { Name = new Lww<string>(1, "m") },
            ["Keys"] = b => b with { Keys = b.Keys.Update("GKa", BucketParams.ReadFlag, 0) },
        });
        AssertNoticesEveryField(() => new KeyParams("s", 1, new Lww<string>(1, "n"), new Lww<bool>(1, true)), new()
        {
            ["Secret"] = k => k with { Secret = "t" },
            ["CreatedMs"] = k => k with { CreatedMs = 2 },
            ["Name"] = k => k with { Name = new Lww<string>(2, "n") },
            ["AllowCreateBucket"] = k => k with { AllowCreateBucket = new Lww<bool>(1, false) },
        });
        AssertNoticesEveryField(() => new BucketAliasRow(new Lww<string>(1, "x")), new()
        {
            ["BucketHex"] = a => a with { BucketHex = new Lww<string>(1, "") },
        });
    }

    [Fact]
    public void ComparesDeletablesByStateAndValue()
    {
        Assert.True(Structural.AreEqual(Deletable<BucketParams>.Present(Bucket()), Deletable<BucketParams>.Present(Bucket())));
        Assert.True(Structural.AreEqual(Deletable<BucketParams>.Deleted, Deletable<BucketParams>.Deleted));
        Assert.False(Structural.AreEqual(Deletable<BucketParams>.Present(Bucket()), Deletable<BucketParams>.Deleted));
        Assert.False(Structural.AreEqual(
            Deletable<BucketParams>.Present(Bucket()),
            Deletable<BucketParams>.Present(Bucket() with { Keys = Bucket().Keys.Update("GKb", BucketParams.OwnerFlag, 9) })));
    }

    [Fact]
    public void ComparesSequencesByElementsWhateverTheirType()
    {
        IReadOnlyList<ObjectPart> array = [Part];
        IReadOnlyList<ObjectPart> list = new List<ObjectPart> { Part with { } };
        Assert.True(Structural.AreEqual(new ObjectVersionRow(A, 1, 0, false, null, false, null, array), new ObjectVersionRow(A, 1, 0, false, null, false, null, list)));
    }

    private static PartAttempt Attempt() => new(1, A, 9, true, 1, "e");

    private static BucketParams Bucket() =>
        new(1, new Lww<string>(1, "n"), LwwMap<string, byte>.Empty.Update("GKa", BucketParams.ReadFlag | BucketParams.WriteFlag, 5));

    /// <summary>
    /// <paramref name="make"/> builds a fresh copy each call, so equal-but-not-same instances must compare equal;
    /// every mutation must compare unequal; the mutations must name exactly the type's stored properties.
    /// </summary>
    private static void AssertNoticesEveryField<T>(Func<T> make, Dictionary<string, Func<T, T>> mutations)
    {
        Assert.Equal(Structural.StoredProperties(typeof(T)).Order(), mutations.Keys.Order());
        Assert.True(Structural.AreEqual(make(), make()), $"{typeof(T).Name}: two equal copies compare unequal");
        foreach (var (field, mutate) in mutations)
        {
            Assert.False(Structural.AreEqual(make(), mutate(make())), $"{typeof(T).Name}.{field}: a change is not noticed");
        }
    }
}
