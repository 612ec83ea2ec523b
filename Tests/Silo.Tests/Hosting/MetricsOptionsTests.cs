using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Tests.Hosting;

public sealed class MetricsOptionsTests
{
    [Fact]
    public void Metrics_are_served_and_protected_by_default()
    {
        var options = new MetricsOptions();

        Assert.True(options.Enabled && options.Protected);
        Assert.True(new MetricsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void A_scrape_cache_outside_zero_to_a_minute_is_refused(int seconds)
    {
        var result = new MetricsOptionsValidator().Validate(null, new MetricsOptions { ScrapeCacheDuration = TimeSpan.FromSeconds(seconds) });

        Assert.True(result.Failed);
        Assert.Contains("Metrics:ScrapeCacheDuration", result.FailureMessage, StringComparison.Ordinal);
    }
}
