using GarageOrleans.S3.Pipeline;

namespace GarageOrleans.S3.Handlers;

public static class S3HandlersServiceCollectionExtensions
{
    /// <summary>
    /// Registers every S3 operation handler as a singleton <see cref="IS3OperationHandler"/>. Needs
    /// <see cref="Abstractions.IObjectDataClient"/>, <see cref="IConfiguration"/> (for <c>S3:Region</c>) and logging
    /// from the host.
    /// </summary>
    public static IServiceCollection AddS3Handlers(this IServiceCollection services)
    {
        services.AddSingleton<BodyToBlocks>();
        services.AddSingleton<ObjectDataReader>();
        services.AddSingleton<IS3OperationHandler, BucketHandlers>();
        services.AddSingleton<IS3OperationHandler, ObjectHandlers>();
        services.AddSingleton<IS3OperationHandler, ListingHandlers>();
        services.AddSingleton<IS3OperationHandler, MultipartHandlers>();
        return services;
    }
}
