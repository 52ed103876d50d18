using GarageOrleans.S3.Auth;
using GarageOrleans.S3.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GarageOrleans.S3.Pipeline;

public static class S3ApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the S3 front door: router, SigV4 verifier, the grain-backed <see cref="IAccessKeyResolver"/> and
    /// <see cref="IBucketResolver"/> (unless already registered), <see cref="S3ApiOptions"/> with defaults, and the
    /// pipeline. Needs an <c>IGrainFactory</c> in DI. Handlers register themselves as
    /// <c>services.AddSingleton&lt;IS3OperationHandler, X&gt;()</c>. Hosting binds options with
    /// <c>services.Configure&lt;S3ApiOptions&gt;(configuration.GetSection(S3ApiOptions.SectionName))</c>.
    /// </summary>
    public static IServiceCollection AddS3Api(this IServiceCollection services)
    {
        services.AddOptions<S3ApiOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessKeyResolver, GrainAccessKeyResolver>();
        services.TryAddSingleton<IBucketResolver, GrainBucketResolver>();
        services.TryAddSingleton<S3Router>();
        services.TryAddSingleton<SigV4Verifier>();
        services.TryAddSingleton<S3HandlerTable>();
        services.TryAddSingleton<S3RequestIds>();
        services.AddMetrics();
        services.TryAddSingleton<S3InternalErrors>();
        services.TryAddSingleton<S3Pipeline>();
        return services;
    }
}
