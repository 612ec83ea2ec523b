using Microsoft.Extensions.DependencyInjection.Extensions;
using Wasmcloud.Silo.Access;

namespace Wasmcloud.Silo.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>What the dashboard pages need; the Orleans dashboard itself is added on the silo builder.</summary>
    public static IServiceCollection AddWasmcloudDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWasmcloudAccessReviewer(configuration);
        services.TryAddSingleton<DashboardReader>();
        return services;
    }
}
