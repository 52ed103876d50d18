using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Buckets;
using GarageOrleans.Grains.Data;
using GarageOrleans.Grains.Keys;
using GarageOrleans.Grains.Schemas;
using GarageOrleans.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace GarageOrleans.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers every table schema (and the registry replica grains resolve them from), the quorum clients
    /// (<see cref="MetadataTables"/>), the node-local readers S3 resolves buckets and keys with
    /// (<see cref="IBucketReader"/>, <see cref="IAccessKeyReader"/>), the block data path behind <see cref="IObjectDataClient"/>, and the worker that
    /// releases the data of superseded and aborted versions. Needs the metadata engine, the layout provider, the local
    /// node, the block store and a <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static IServiceCollection AddGarageGrains(this IServiceCollection services, TableClientOptions tableOptions, BlockDataOptions dataOptions)
    {
        services.AddSingleton(tableOptions);
        services.AddSingleton(dataOptions);
        AddTable<ObjectTable>(services);
        AddTable<VersionTable>(services);
        AddTable<BlockRefTable>(services);
        AddTable<MultipartTable>(services);
        AddTable<BucketTable>(services);
        AddTable<BucketAliasTable>(services);
        AddTable<KeyTable>(services);
        services.AddSingleton<TableRegistry>();
        services.AddSingleton<MetadataTables>();
        services.AddSingleton<IBucketReader, LocalBucketReader>();
        services.AddSingleton<IAccessKeyReader, LocalAccessKeyReader>();
        services.AddSingleton<IObjectDataClient, ObjectDataClient>();
        services.AddHostedService<ReleaseWorker>();
        services.AddHostedService<UploadRepairWorker>();
        return services;
    }

    private static void AddTable<T>(IServiceCollection services)
        where T : class, ITableSchema
    {
        services.AddSingleton<T>();
        services.AddSingleton<ITableSchema>(sp => sp.GetRequiredService<T>());
    }
}
