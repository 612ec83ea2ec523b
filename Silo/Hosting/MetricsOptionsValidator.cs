using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Hosting;

public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        options.ScrapeCacheDuration < TimeSpan.Zero || options.ScrapeCacheDuration > MetricsOptions.MaxScrapeCacheDuration
            ? ValidateOptionsResult.Fail($"Metrics:ScrapeCacheDuration must be between 0 and {MetricsOptions.MaxScrapeCacheDuration}; it is {options.ScrapeCacheDuration}")
            : ValidateOptionsResult.Success;
}
