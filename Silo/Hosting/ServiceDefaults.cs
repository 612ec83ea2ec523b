using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Wasmcloud.Grains.Telemetry;
using Wasmcloud.Silo.Access;

namespace Wasmcloud.Silo.Hosting;

/// <summary>
/// What every silo serves besides the control plane, in one place: telemetry (OpenTelemetry metrics of Orleans and
/// of the operator, exported for Prometheus at <see cref="MetricsPath"/> behind the access gate) and health
/// (<c>/healthz</c> for liveness, <c>/readyz</c> once the feeder has listed everything).
/// </summary>
public static class ServiceDefaults
{
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    /// <summary>The meter Orleans publishes its own instruments on (grain calls, activations, messaging, …).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The <c>service.name</c> resource attribute (Prometheus <c>target_info</c>).</summary>
    public const string ServiceName = "wasmcloud-operator";

    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddWasmcloudServiceDefaults(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>());
        services.AddWasmcloudAccessReviewer(builder.Configuration);

        var cacheDuration = builder.Configuration.GetValue(
            $"{MetricsOptions.SectionName}:{nameof(MetricsOptions.ScrapeCacheDuration)}", MetricsOptions.DefaultScrapeCacheDuration);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OrleansMeterName, OperatorMetrics.MeterName)
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = (int)Math.Clamp(
                        cacheDuration.TotalMilliseconds, 0, MetricsOptions.MaxScrapeCacheDuration.TotalMilliseconds));
                if (metrics is IDeferredMeterProviderBuilder deferred)
                {
                    deferred.Configure((provider, builder) => builder.AddView(OwnInstrumentsOnly(provider.GetRequiredService<IMeterFactory>())));
                }
            });

        services.AddHealthChecks().AddCheck<FeederSyncedHealthCheck>("feeder", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapWasmcloudServiceDefaults(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });

        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.Enabled)
        {
            if (metrics.Protected)
            {
                app.UseAccessGate(MetricsPath);
            }

            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }

        return app;
    }

    /// <summary>
    /// OpenTelemetry listens to every meter of a name in the process; several silos in one process (tests, benchmarks)
    /// would otherwise sum each other's operator meters. Meters made by another container's factory are dropped.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>One line a person can read: <c>ok</c>, or what is not ready yet.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var healthy = report.Status == HealthStatus.Healthy;
        var told = report.Entries.Values.Where(e => (e.Status == HealthStatus.Healthy) == healthy).Select(e => e.Description).OfType<string>().ToList();
        var text = told.Count > 0 ? string.Join("; ", told) : healthy ? "ok" : report.Status.ToString();
        return context.Response.WriteAsync(text + "\n");
    }
}
