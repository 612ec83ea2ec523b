using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Nats;

namespace Wasmcloud.Silo.Tests.Nats;

public sealed class NatsConnectivityOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHeartbeatSink>(new RecordingHeartbeatSink());
        services.AddNatsHostConnectivity(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Defaults_are_the_reference_timeouts()
    {
        await using var services = Build([]);
        var options = services.GetRequiredService<IOptions<NatsConnectivityOptions>>().Value;

        Assert.Equal("nats://127.0.0.1:4222", options.Url);
        Assert.Equal(TimeSpan.FromSeconds(60), options.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StatusTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StopTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ProbeTimeout);
        Assert.IsType<NatsHostClient>(services.GetRequiredService<IHostClient>());
    }

    [Fact]
    public async Task Section_nats_is_bound()
    {
        await using var services = Build(new() { ["Nats:Url"] = "nats://nats.wasmcloud:4222", ["Nats:StartTimeout"] = "00:02:00" });
        var options = services.GetRequiredService<IOptions<NatsConnectivityOptions>>().Value;

        Assert.Equal("nats://nats.wasmcloud:4222", options.Url);
        Assert.Equal(TimeSpan.FromMinutes(2), options.StartTimeout);
    }

    [Fact]
    public async Task Invalid_settings_are_refused_with_every_reason()
    {
        await using var services = Build(new() { ["Nats:Url"] = "http://nats:4222", ["Nats:ProbeTimeout"] = "00:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<NatsConnectivityOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Nats:Url 'http://nats:4222'", StringComparison.Ordinal));
        Assert.Contains("Nats:ProbeTimeout must be positive.", error.Failures);
    }
}
