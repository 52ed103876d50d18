namespace GarageOrleans.Hosting;

/// <summary>Section <c>Node</c>: where this node keeps its data and what it declares about itself.</summary>
public sealed class NodeOptions
{
    /// <summary>Metadata directory: node id, layout, admin token, the SQLite metadata database.</summary>
    public string MetadataDir { get; set; } = "data/meta";

    /// <summary>Block directory.</summary>
    public string DataDir { get; set; } = "data/blocks";

    public string Zone { get; set; } = "dc1";

    /// <summary>Declared capacity, human-readable ("100G"); empty = the data disk's size.</summary>
    public string? Capacity { get; set; }

    /// <summary>Address the S3, web and admin listeners bind to.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>fsync the metadata WAL at every group commit.</summary>
    public bool MetadataFsync { get; set; } = true;

    /// <summary>fsync every block file and its directory before acknowledging it.</summary>
    public bool DataFsync { get; set; } = true;
}

/// <summary>Section <c>S3</c>.</summary>
public sealed class S3Options
{
    public int Port { get; set; } = 3900;

    public string Region { get; set; } = "garage";

    /// <summary>Enables virtual-hosted-style addressing: <c>bucket.&lt;RootDomain&gt;</c>.</summary>
    public string? RootDomain { get; set; }

    /// <summary>Accepted difference between a request's signed time and the node's clock, either way ("15m").</summary>
    public string ClockSkew { get; set; } = "15m";
}

/// <summary>Section <c>Web</c> (static websites; not served yet).</summary>
public sealed class WebOptions
{
    public int Port { get; set; } = 3902;
}

/// <summary>Section <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    public int Port { get; set; } = 3903;

    /// <summary>Bearer token of the admin API; when unset, generated once into &lt;MetadataDir&gt;/admin-token.</summary>
    public string? Token { get; set; }
}

/// <summary>Section <c>Cluster</c>.</summary>
public sealed class ClusterOptions
{
    public string Id { get; set; } = "garage-orleans";

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 3901;

    /// <summary>Orleans client gateway port; 0 (default) opens none.</summary>
    public int GatewayPort { get; set; }

    /// <summary>Address other silos reach this one at; default loopback for the localhost membership.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary><c>localhost</c> (single node, default) or <c>adonet</c> (PostgreSQL); <c>raft</c> is planned.</summary>
    public string Membership { get; set; } = "localhost";

    /// <summary>Npgsql connection string of the adonet membership database (never logged with its password).</summary>
    public string? MembershipConnectionString { get; set; }

    /// <summary>Seeds the first layout of a new cluster only; later changes go through a layout apply.</summary>
    public int ReplicationFactor { get; set; } = 1;

    /// <summary><c>consistent</c>, <c>degraded</c> or <c>dangerous</c>.</summary>
    public string ConsistencyMode { get; set; } = "consistent";
}

/// <summary>Section <c>Blocks</c>.</summary>
public sealed class BlocksOptions
{
    /// <summary>Objects are cut into blocks of this size ("1M").</summary>
    public string BlockSize { get; set; } = "1M";

    /// <summary>zstd level, or "none".</summary>
    public string CompressionLevel { get; set; } = "1";

    /// <summary>Delay between a block's refcount reaching zero and its deletion ("10m", "30s" or seconds).</summary>
    public string GcDelay { get; set; } = "10m";

    /// <summary>A single PUT or copy still uploading after this long belongs to a dead writer and is aborted ("24h").</summary>
    public string UploadTimeout { get; set; } = "24h";

    /// <summary>An unfinished multipart upload is aborted this long after it began ("7d"; "never" keeps it).</summary>
    public string AbortIncompleteMultipartAfter { get; set; } = "7d";
}
