using Amazon.Runtime;
using Amazon.S3;
using GarageOrleans.Abstractions;
using GarageOrleans.Hosting;
using GarageOrleans.S3.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace GarageOrleans.Testing;

/// <summary>
/// A real single node started through Hosting (silo, SQLite metadata, block files, Kestrel) on loopback ports, with
/// its data in a temp directory, plus an access key that may create buckets.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;

    private TestNode(GarageNode node, string dataRoot, TempDirectory? ownedDirectory)
    {
        Node = node;
        DataRoot = dataRoot;
        _ownedDirectory = ownedDirectory;
    }

    public GarageNode Node { get; }

    public string DataRoot { get; }

    public string AccessKeyId { get; internal set; } = "";

    public string SecretAccessKey { get; internal set; } = "";

    public IGrainFactory Grains => Node.Services.GetRequiredService<IGrainFactory>();

    /// <summary>S3 requests this node answered 500 InternalError since it started; each one is a bug.</summary>
    public long S3InternalErrors => Node.Services.GetRequiredService<S3InternalErrors>().Count;

    /// <summary>
    /// Starts a node. <paramref name="dataRoot"/> reuses a directory (restart tests); null makes a temp one. Without
    /// <paramref name="createKey"/> (a cluster member that has no layout yet), no access key is made.
    /// </summary>
    public static async Task<TestNode> StartAsync(
        string? dataRoot = null, IReadOnlyDictionary<string, string?>? settings = null, bool createKey = true)
    {
        var owned = dataRoot is null ? new TempDirectory("garage-node") : null;
        var root = dataRoot ?? owned!.Path;
        var config = new Dictionary<string, string?>
        {
            ["Node:MetadataDir"] = Path.Combine(root, "meta"),
            ["Node:DataDir"] = Path.Combine(root, "blocks"),
            ["Node:BindAddress"] = "127.0.0.1",
            ["Node:MetadataFsync"] = "false",
            ["Node:DataFsync"] = "false",
            ["S3:Port"] = "0",
            ["Admin:Port"] = "0",
            ["Cluster:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        var node = GarageNode.Build([], config);
        await node.StartAsync();
        var test = new TestNode(node, root, owned);
        if (!createKey)
        {
            return test;
        }

        var key = await test.CreateKeyAsync("test-key");
        test.AccessKeyId = key.AccessKeyId;
        test.SecretAccessKey = key.SecretAccessKey;
        return test;
    }

    public async Task<AccessKeyInfo> CreateKeyAsync(string name, bool allowCreateBucket = true)
    {
        var id = "GK" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        return await Grains.GetGrain<IAccessKeyGrain>(id).CreateAsync(name, allowCreateBucket, null);
    }

    public AmazonS3Client S3Client() => S3Client(AccessKeyId, SecretAccessKey);

    public AmazonS3Client S3Client(string accessKeyId, string secretAccessKey) =>
        new(new BasicAWSCredentials(accessKeyId, secretAccessKey), new AmazonS3Config
        {
            ServiceURL = Node.S3Url.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "garage",
            Timeout = TimeSpan.FromSeconds(60),
            MaxErrorRetry = 0,
        });

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
