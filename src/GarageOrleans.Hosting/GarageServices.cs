using System.Net;
using GarageOrleans.Admin;
using GarageOrleans.Blocks;
using GarageOrleans.Cluster;
using GarageOrleans.Cluster.Placement;
using GarageOrleans.Grains;
using GarageOrleans.Grains.Data;
using GarageOrleans.Grains.Node;
using GarageOrleans.S3.Handlers;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.Storage;
using GarageOrleans.Tables;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace GarageOrleans.Hosting;

/// <summary>The composition root: every service of a node and the co-hosted silo, in start-up order.</summary>
internal static class GarageServices
{
    public static void AddGarageServices(this WebApplicationBuilder builder, NodeContext context)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(context.LocalNode);

        // Metadata engine, then the layout. Only a lone localhost node applies its own one-node layout (DESIGN §10):
        // a cluster member waits for a layout applied through the admin API, and answers 503 until then.
        services.AddSingleton<IMetadataEngine>(sp => SqliteMetadataEngine.Open(
            new MetadataEngineOptions { Path = Path.Combine(context.MetadataDir, "db.sqlite"), Fsync = context.Node.MetadataFsync },
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqliteMetadataEngine>()));
        services.AddSingleton(_ => LayoutStore.OpenOrInitialize(
            context.MetadataDir, context.LocalNode, context.Cluster.ReplicationFactor,
            autoApplySingleNode: context.Membership == MembershipProvider.Localhost));
        services.AddSingleton<ILayoutProvider>(sp => sp.GetRequiredService<LayoutStore>());

        // Blocks.
        var blockOptions = new BlockStoreOptions
        {
            DataDir = context.DataDir,
            Fsync = context.Node.DataFsync,
            CompressionLevel = context.CompressionLevel,
            BlockSize = context.BlockSizeBytes,
            GcDelay = context.GcDelay,

            // Half the delay, between 1 s and 1 min: a short delay (tests, small disks) is honoured promptly without
            // waking the default 10 min delay's worker more than once a minute.
            GcInterval = TimeSpan.FromTicks(Math.Clamp(context.GcDelay.Ticks / 2, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute)),

            // A node that already has metadata must find its data disk marked: an unmounted disk (an empty mount
            // point) must not be mistaken for a node that lost every block.
            RequireMarker = context.ExistingNode,
        };
        services.AddSingleton(blockOptions);
        services.AddSingleton<BlockStore>();
        services.AddHostedService<BlockGcWorker>();
        services.AddGarageGrains(
            new TableClientOptions { ConsistencyMode = context.ConsistencyMode },
            new BlockDataOptions
            {
                BlockSize = context.BlockSizeBytes,
                ConsistencyMode = context.ConsistencyMode,
                UploadTimeout = context.UploadTimeout,
                IncompleteMultipartTimeout = context.IncompleteMultipartTimeout,
            });

        services.AddGarageLayoutGossip();

        // S3 and admin HTTP surfaces.
        services.AddS3Api();
        services.Configure<S3ApiOptions>(o =>
        {
            o.Region = context.S3.Region;
            o.RootDomain = string.IsNullOrEmpty(context.S3.RootDomain) ? null : context.S3.RootDomain;
            o.ClockSkew = context.S3ClockSkew;
        });
        services.AddS3Handlers();
        services.Configure<AdminApiOptions>(o => o.Token = context.AdminToken);
        services.AddSingleton<ILocalNodeCounters, NodeCounters>();

        if (context.Membership == MembershipProvider.AdoNet)
        {
            // Before the silo: a database without our schema stops the node with one clear line.
            services.AddHostedService<AdoNetMembershipCheck>();
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = context.Cluster.Id;
                o.ServiceId = context.Cluster.Id;
            });
            var advertised = string.IsNullOrEmpty(context.Cluster.AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(context.Cluster.AdvertisedAddress);
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = advertised;
                o.SiloPort = context.Cluster.SiloPort;
                o.GatewayPort = context.Cluster.GatewayPort;
            });

            silo.Configure<ClusterMembershipOptions>(MembershipTuning.Apply);
            silo.Configure<GrainDirectoryOptions>(MembershipTuning.Apply);
            if (context.Membership == MembershipProvider.AdoNet)
            {
                // A shared table: no silo is primary, any node may start first or die.
                silo.UseGarageAdoNetMembership(context.Cluster.MembershipConnectionString!);
            }
            else
            {
                // localhost membership: this silo is its own primary (development clustering keeps the table in memory).
                silo.UseDevelopmentClustering(new IPEndPoint(advertised, context.Cluster.SiloPort));
            }

            silo.AddGarageNodeMetadata(context.LocalNode);
            silo.AddGaragePlacement();
#pragma warning disable ORLEANSEXP003 // DESIGN §4: one activation per entity needs the strongly consistent directory.
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
            silo.AddDashboard();
        });
    }

    /// <summary>
    /// The admin surface. It needs no port filter: the S3 listener's requests end in the terminal S3 branch before
    /// routing, so only the admin listener reaches these endpoints.
    /// </summary>
    public static void MapGarageAdmin(this WebApplication app) => app.MapAdminApi();

    public static IApplicationBuilder UseGarageS3(this IApplicationBuilder app) => app.UseS3Api();

    /// <summary>The S3 layer's counters, as the admin layer (which does not reference S3) reports them.</summary>
    private sealed class NodeCounters(S3InternalErrors s3InternalErrors) : ILocalNodeCounters
    {
        public long S3InternalErrors => s3InternalErrors.Count;
    }
}
