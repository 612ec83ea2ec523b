using Microsoft.Extensions.DependencyInjection.Extensions;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Access;

/// <summary>
/// Guards every request under a path prefix with the mode's <see cref="IAccessReviewer"/>. A middleware rather than an
/// endpoint filter, so it also covers endpoints we do not map ourselves (the Orleans dashboard's group).
/// </summary>
public static class AccessGate
{
    /// <summary>Registers the reviewer of the configured mode: loopback-only standalone, token reviews in Kubernetes.</summary>
    public static IServiceCollection AddWasmcloudAccessReviewer(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.IsStandalone())
        {
            services.TryAddSingleton<IAccessReviewer, LoopbackAccessReviewer>();
        }
        else
        {
            services.TryAddSingleton<IAccessReviewer, KubernetesAccessReviewer>();
        }

        return services;
    }

    /// <summary>
    /// Requests under <paramref name="prefix"/> need <c>get</c> on the non-resource URL <paramref name="nonResourcePath"/>
    /// (defaults to the prefix): 401 without credentials, 403 without permission.
    /// </summary>
    public static IApplicationBuilder UseAccessGate(this IApplicationBuilder app, PathString prefix, string? nonResourcePath = null)
    {
        var path = nonResourcePath ?? prefix.Value!;
        return app.UseWhen(
            context => context.Request.Path.StartsWithSegments(prefix),
            branch => branch.Use(async (context, next) =>
            {
                if (await CheckAsync(context, path) is { } status)
                {
                    context.Response.StatusCode = status;
                    if (status == StatusCodes.Status401Unauthorized)
                    {
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                    }

                    return;
                }

                await next(context);
            }));
    }

    /// <summary>The status code to answer with, or null when the request may go on.</summary>
    public static async Task<int?> CheckAsync(HttpContext context, string nonResourcePath)
    {
        var reviewer = context.RequestServices.GetRequiredService<IAccessReviewer>();
        return await reviewer.ReviewAsync(context, nonResourcePath, context.RequestAborted) switch
        {
            AccessVerdict.Allowed => null,
            AccessVerdict.Unauthenticated => StatusCodes.Status401Unauthorized,
            _ => StatusCodes.Status403Forbidden,
        };
    }
}
