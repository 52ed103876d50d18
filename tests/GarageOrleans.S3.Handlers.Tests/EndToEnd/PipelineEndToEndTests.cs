using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;
using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Handlers.Tests.Fakes;
using GarageOrleans.S3.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.S3.Handlers.Tests.EndToEnd;

// Compiles once this branch is merged with the front door (s3door): see the csproj.

/// <summary>
/// The front door's pipeline on Kestrel with these handlers, in-memory grains and block store, driven by AWSSDK.S3:
/// checks that real client requests and the handlers' answers fit before the cluster exists.
/// </summary>
public sealed class PipelineHost : IAsyncLifetime
{
    public const string Secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    internal FakeGrainFactory Grains { get; } = new();

    internal FakeDataClient Data { get; } = new(64 * 1024);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        Grains.Add<IBucketGrain>("bkt", new FakeBucketGrain(TestRequests.Bucket()));

        // Every other name is a bucket that does not exist (the fuzz tests ask for many).
        Grains.AddForAnyKey<IBucketGrain>(new FakeBucketGrain(null));
        Grains.Add<IBucketCatalogGrain>("0", new FakeBucketCatalog(TestRequests.Bucket()));
        Grains.Add<IObjectListingGrain>(TestRequests.BucketId.ToHex(), new FakeListingGrain());
        Grains.AddForAnyKey<IMultipartUploadGrain>(new InMemoryUpload(Grains));
        builder.Services.AddSingleton<IAccessKeyResolver>(new Keys());
        builder.Services.AddSingleton<IGrainFactory>(Grains);
        builder.Services.AddSingleton<IObjectDataClient>(Data);
        builder.Services.AddS3Api();
        builder.Services.AddS3Handlers();
        _app = builder.Build();
        _app.UseS3Api();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Stops the server, then fails the test class if any request got a 500: each one is a bug.</summary>
    public async Task DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        var internalErrors = _app.Services.GetRequiredService<S3InternalErrors>().Count;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Assert.True(internalErrors == 0, $"the S3 pipeline answered {internalErrors} request(s) with 500 InternalError; see the error log");
    }

    public AmazonS3Client Client() => new(
        new BasicAWSCredentials(TestRequests.Key.AccessKeyId, Secret),
        new AmazonS3Config { ServiceURL = BaseAddress.ToString(), ForcePathStyle = true, AuthenticationRegion = "garage", MaxErrorRetry = 0 });

    private sealed class Keys : IAccessKeyResolver
    {
        public Task<AccessKeyInfo?> FindAsync(string accessKeyId, CancellationToken cancellationToken) =>
            Task.FromResult(accessKeyId == TestRequests.Key.AccessKeyId ? TestRequests.Key with { SecretAccessKey = Secret } : null);
    }

    /// <summary>One upload at a time, completed the way the grain contract says (newest attempt, md5-of-md5s ETag).</summary>
    private sealed class InMemoryUpload(FakeGrainFactory grains) : IMultipartUploadGrain
    {
        private readonly List<PartInfo> _parts = [];
        private MultipartUploadInfo? _info;

        public Task<MultipartUploadInfo> CreateAsync(BucketId bucket, string key, ObjectMeta pendingMeta)
        {
            lock (_parts)
            {
                _parts.Clear();
                _info = new MultipartUploadInfo(VersionId.New(), bucket, key, 1, pendingMeta, []);
                return Task.FromResult(_info);
            }
        }

        public Task<MultipartUploadInfo?> GetAsync()
        {
            lock (_parts)
            {
                return Task.FromResult(_info is null ? null : _info with { Parts = _parts.ToList() });
            }
        }

        public Task<VersionId?> BeginPartAsync(int partNumber) => Task.FromResult<VersionId?>(VersionId.New());

        public Task<PartInfo?> CompletePartAsync(int partNumber, VersionId dataVersion, long size, string etag)
        {
            lock (_parts)
            {
                var part = new PartInfo(partNumber, dataVersion, size, etag, 1_700_000_000_000);
                _parts.RemoveAll(p => p.PartNumber == partNumber);
                _parts.Add(part);
                return Task.FromResult<PartInfo?>(part);
            }
        }

        public Task<CompleteMultipartResult> CompleteAsync(IReadOnlyList<CompletedPartRequest> parts, WriteCondition condition)
        {
            lock (_parts)
            {
                var chosen = parts.Select(r => _parts.Single(p => p.PartNumber == r.PartNumber && p.ETag == r.ETag)).ToList();
                var meta = new ObjectMeta(chosen.Sum(p => p.Size), MultipartETag.Compute(chosen.Select(p => p.ETag).ToList()), _info!.PendingMeta.Headers);
                var version = new ObjectVersionInfo(VersionId.New(), 1_700_000_000_001, meta, null,
                    chosen.Select(p => new GarageOrleans.Abstractions.ObjectPart(p.PartNumber, p.DataVersion, p.Size, p.ETag)).ToList());
                grains.Object(ObjectGrainKey.Of(_info.Bucket, _info.Key)).Current = version;
                _info = null;
                return Task.FromResult(new CompleteMultipartResult(CompleteMultipartOutcome.Completed, version));
            }
        }

        public Task<bool> AbortAsync()
        {
            lock (_parts)
            {
                var existed = _info is not null;
                _info = null;
                return Task.FromResult(existed);
            }
        }
    }
}

public sealed class PipelineEndToEndTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    private static async Task<byte[]> ReadAllAsync(GetObjectResponse response)
    {
        var ms = new MemoryStream();
        await response.ResponseStream.CopyToAsync(ms);
        return ms.ToArray();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300_000)]
    public async Task PutGetRangeHeadCopyDelete_WithSdk(int size)
    {
        using var c = host.Client();
        var data = TestRequests.RandomBytes(size, size);
        var key = $"k a+b {size}";

        var put = await c.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "bkt",
            Key = key,
            InputStream = new MemoryStream(data),
            ContentType = "text/x",
            Metadata = { ["Color"] = "red" },
        });
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"", put.ETag);

        using (var get = await c.GetObjectAsync("bkt", key))
        {
            Assert.Equal(data, await ReadAllAsync(get));
            Assert.Equal("text/x", get.Headers.ContentType);
            Assert.Equal("red", get.Metadata["color"]);
        }

        using (var get = await c.GetObjectAsync(new GetObjectRequest { BucketName = "bkt", Key = key, ByteRange = new Amazon.S3.Model.ByteRange(3, 7) }))
        {
            Assert.Equal(data.AsSpan(3, 5).ToArray(), await ReadAllAsync(get));
        }

        Assert.Equal(size, (await c.GetObjectMetadataAsync("bkt", key)).ContentLength);
        Assert.Equal(put.ETag, (await c.CopyObjectAsync("bkt", key, "bkt", $"copy/é {size}")).ETag);

        await c.DeleteObjectAsync("bkt", key);
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => c.GetObjectAsync("bkt", key));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);

        var deleted = await c.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = "bkt",
            Objects = [new KeyVersion { Key = $"copy/é {size}" }, new KeyVersion { Key = "nope" }],
        });
        Assert.Equal(2, deleted.DeletedObjects.Count);
    }

    [Fact]
    public async Task TransferUtility_MultipartUpload_ThenPartNumberGet()
    {
        using var c = host.Client();
        var data = TestRequests.RandomBytes((17 * 1024 * 1024) + 5, 99);
        using var transfer = new TransferUtility(c);

        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = "bkt", Key = "mp", InputStream = new MemoryStream(data), PartSize = 5 * 1024 * 1024 });

        using var get = await c.GetObjectAsync("bkt", "mp");
        Assert.Equal(data, await ReadAllAsync(get));
        Assert.EndsWith("-4\"", get.ETag);
        using var part = await c.GetObjectAsync(new GetObjectRequest { BucketName = "bkt", Key = "mp", PartNumber = 4 });
        Assert.Equal(4, part.PartsCount);
        Assert.Equal((2 * 1024 * 1024) + 5, part.ContentLength);
    }

    [Fact]
    public async Task Multipart_WithCopyPart_ListParts_Abort()
    {
        using var c = host.Client();
        var src = TestRequests.RandomBytes(200_000, 5);
        await c.PutObjectAsync(new PutObjectRequest { BucketName = "bkt", Key = "src", InputStream = new MemoryStream(src) });
        var init = await c.InitiateMultipartUploadAsync("bkt", "dst");
        var p1 = await c.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = "bkt",
            SourceKey = "src",
            DestinationBucket = "bkt",
            DestinationKey = "dst",
            UploadId = init.UploadId,
            PartNumber = 1,
            FirstByte = 10,
            LastByte = 150_009,
        });
        var p2 = await c.UploadPartAsync(new UploadPartRequest
        {
            BucketName = "bkt",
            Key = "dst",
            UploadId = init.UploadId,
            PartNumber = 2,
            InputStream = new MemoryStream(src, 0, 1000),
        });

        var parts = await c.ListPartsAsync("bkt", "dst", init.UploadId);
        Assert.Equal([1, 2], parts.Parts.Select(p => p.PartNumber ?? 0));
        Assert.Equal(150_000, parts.Parts[0].Size);

        var done = await c.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "bkt",
            Key = "dst",
            UploadId = init.UploadId,
            PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        });
        Assert.EndsWith("-2\"", done.ETag);
        using var get = await c.GetObjectAsync("bkt", "dst");
        Assert.Equal(src.AsSpan(10, 150_000).ToArray().Concat(src.AsSpan(0, 1000).ToArray()), await ReadAllAsync(get));

        var second = await c.InitiateMultipartUploadAsync("bkt", "dst2");
        await c.AbortMultipartUploadAsync("bkt", "dst2", second.UploadId);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => c.ListPartsAsync("bkt", "dst2", second.UploadId));
    }

    [Fact]
    public async Task BucketOperations_WithSdk()
    {
        using var c = host.Client();
        Assert.Equal("bkt", Assert.Single((await c.ListBucketsAsync()).Buckets).BucketName);
        Assert.Equal("garage", (await c.GetBucketLocationAsync("bkt")).Location.Value);
        Assert.Empty((await c.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "bkt", Prefix = "none/" })).S3Objects ?? []);
        Assert.NotNull(await c.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = "bkt" }));
    }
}
