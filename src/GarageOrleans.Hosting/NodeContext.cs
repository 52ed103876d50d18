using System.Net;
using GarageOrleans.Blocks;
using GarageOrleans.Cluster;

namespace GarageOrleans.Hosting;

/// <summary>
/// Configuration resolved and validated once at start-up (a bad value stops the node with a message naming the key),
/// plus what start-up derives from it: the node's identity and the admin token.
/// </summary>
public sealed class NodeContext
{
    private NodeContext(NodeOptions node, S3Options s3, WebOptions web, AdminOptions admin, ClusterOptions cluster, BlocksOptions blocks)
    {
        Node = node;
        S3 = s3;
        Web = web;
        Admin = admin;
        Cluster = cluster;
        Blocks = blocks;
    }

    public NodeOptions Node { get; }

    public S3Options S3 { get; }

    public WebOptions Web { get; }

    public AdminOptions Admin { get; }

    public ClusterOptions Cluster { get; }

    public BlocksOptions Blocks { get; }

    public LocalNode LocalNode { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    /// <summary>True when the admin token was generated into the metadata directory (not configured).</summary>
    public bool AdminTokenGenerated { get; private set; }

    public string MetadataDir => Path.GetFullPath(Node.MetadataDir);

    public string DataDir => Path.GetFullPath(Node.DataDir);

    public int BlockSizeBytes { get; private set; }

    public int? CompressionLevel { get; private set; }

    public TimeSpan GcDelay { get; private set; }

    public TimeSpan UploadTimeout { get; private set; }

    /// <summary>Null: unfinished multipart uploads are kept until a client completes or aborts them.</summary>
    public TimeSpan? IncompleteMultipartTimeout { get; private set; }

    /// <summary><c>S3:ClockSkew</c>, parsed.</summary>
    public TimeSpan S3ClockSkew { get; private set; }

    public ConsistencyMode ConsistencyMode { get; private set; }

    public MembershipProvider Membership { get; private set; }

    /// <summary>True when the metadata directory already held a node (a restart, not a first start).</summary>
    public bool ExistingNode { get; private set; }

    public static NodeContext Create(IConfiguration configuration, ILogger logger)
    {
        var context = new NodeContext(
            Bind<NodeOptions>(configuration, "Node"),
            Bind<S3Options>(configuration, "S3"),
            Bind<WebOptions>(configuration, "Web"),
            Bind<AdminOptions>(configuration, "Admin"),
            Bind<ClusterOptions>(configuration, "Cluster"),
            Bind<BlocksOptions>(configuration, "Blocks"));
        context.Validate();
        if (context.Membership == MembershipProvider.AdoNet)
        {
            AdoNetMembership.LogAdoNet(logger, AdoNetMembership.Describe(context.Cluster.MembershipConnectionString!));
        }

        context.ExistingNode = File.Exists(Path.Combine(context.MetadataDir, "node_id"));
        Directory.CreateDirectory(context.MetadataDir);
        Directory.CreateDirectory(context.DataDir);
        context.LocalNode = new LocalNode(NodeIdentity.LoadOrCreate(context.MetadataDir), context.Node.Zone, context.CapacityBytes());
        if (string.IsNullOrEmpty(context.Admin.Token))
        {
            context.AdminToken = GarageOrleans.Admin.AdminToken.LoadOrCreate(context.MetadataDir, logger);
            context.AdminTokenGenerated = true;
        }
        else
        {
            context.AdminToken = context.Admin.Token;
        }

        return context;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"invalid configuration in section {section}: {e.Message}", e);
        }

        return value;
    }

    private void Validate()
    {
        static void Port(string key, int value, bool allowZero = true)
        {
            if (value < (allowZero ? 0 : 1) || value > 65535)
            {
                throw new InvalidOperationException($"{key} must be a TCP port (0-65535), got {value}");
            }
        }

        Port("S3:Port", S3.Port);
        Port("Admin:Port", Admin.Port);
        Port("Web:Port", Web.Port);
        Port("Cluster:SiloPort", Cluster.SiloPort, allowZero: false);
        Port("Cluster:GatewayPort", Cluster.GatewayPort);
        if (!IPAddress.TryParse(Node.BindAddress, out _))
        {
            throw new InvalidOperationException($"Node:BindAddress must be an IP address, got '{Node.BindAddress}'");
        }

        if (Cluster.ReplicationFactor is < 1 or > 7)
        {
            throw new InvalidOperationException($"Cluster:ReplicationFactor must be between 1 and 7, got {Cluster.ReplicationFactor}");
        }

        Membership = Cluster.Membership.ToLowerInvariant() switch
        {
            "localhost" => MembershipProvider.Localhost,
            "adonet" => MembershipProvider.AdoNet,
            "raft" => throw new InvalidOperationException("Cluster:Membership 'raft' is not implemented yet; use localhost (one node) or adonet (PostgreSQL)"),
            _ => throw new InvalidOperationException($"Cluster:Membership must be localhost or adonet, got '{Cluster.Membership}'"),
        };
        if (Membership == MembershipProvider.AdoNet)
        {
            if (string.IsNullOrWhiteSpace(Cluster.MembershipConnectionString))
            {
                throw new InvalidOperationException("Cluster:MembershipConnectionString is required when Cluster:Membership is adonet");
            }

            try
            {
                AdoNetMembership.Validate(Cluster.MembershipConnectionString);
            }
            catch (ArgumentException e)
            {
                // The message names the offending keyword, never the string itself (it may hold a password).
                throw new InvalidOperationException($"Cluster:MembershipConnectionString is not a PostgreSQL connection string: {e.Message}", e);
            }
        }

        ConsistencyMode = Cluster.ConsistencyMode.ToLowerInvariant() switch
        {
            "consistent" => ConsistencyMode.Consistent,
            "degraded" => ConsistencyMode.Degraded,
            "dangerous" => ConsistencyMode.Dangerous,
            _ => throw new InvalidOperationException($"Cluster:ConsistencyMode must be consistent, degraded or dangerous, got '{Cluster.ConsistencyMode}'"),
        };

        BlockSizeBytes = BlockChunker.TryParseSize(Blocks.BlockSize, out var blockSize)
            ? blockSize
            : throw new InvalidOperationException($"Blocks:BlockSize: '{Blocks.BlockSize}' is not a size (examples: 1M, 512K)");
        if (BlockSizeBytes is < 64 * 1024 or > 64 * 1024 * 1024)
        {
            throw new InvalidOperationException($"Blocks:BlockSize must be between 64K and 64M, got {Blocks.BlockSize}");
        }

        CompressionLevel = string.Equals(Blocks.CompressionLevel, "none", StringComparison.OrdinalIgnoreCase)
            ? null
            : int.TryParse(Blocks.CompressionLevel, out var level) && level is >= -7 and <= 22
                ? level
                : throw new InvalidOperationException($"Blocks:CompressionLevel must be 'none' or a zstd level (-7..22), got '{Blocks.CompressionLevel}'");
        GcDelay = Sizes.ParseDuration("Blocks:GcDelay", Blocks.GcDelay);
        UploadTimeout = Sizes.ParseDuration("Blocks:UploadTimeout", Blocks.UploadTimeout);
        if (UploadTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Blocks:UploadTimeout must be positive, got '{Blocks.UploadTimeout}'");
        }

        IncompleteMultipartTimeout = string.Equals(Blocks.AbortIncompleteMultipartAfter.Trim(), "never", StringComparison.OrdinalIgnoreCase)
            ? null
            : Sizes.ParseDuration("Blocks:AbortIncompleteMultipartAfter", Blocks.AbortIncompleteMultipartAfter);

        S3ClockSkew = Sizes.ParseDuration("S3:ClockSkew", S3.ClockSkew);
        if (S3ClockSkew <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"S3:ClockSkew must be positive, got '{S3.ClockSkew}'");
        }
    }

    private long CapacityBytes()
    {
        if (!string.IsNullOrWhiteSpace(Node.Capacity))
        {
            return Sizes.ParseLong("Node:Capacity", Node.Capacity);
        }

        var drive = new DriveInfo(DataDir);
        return drive.TotalSize;
    }
}
