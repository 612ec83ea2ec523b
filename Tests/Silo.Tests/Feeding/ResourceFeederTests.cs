using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Feeding;

public sealed class ResourceFeederTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_an_informer_per_kind_and_signals_when_all_have_listed()
    {
        var store = new InMemoryResourceStore();
        await store.CreateAsync(TestObjects.Deployment("web"), _ct);
        await store.CreateAsync(TestObjects.Host("exotic-toes-5866", "h1"), _ct);
        var handler = new RecordingHandler();
        using var feeder = new ResourceFeeder(store, handler, Options.Create(new FeederOptions()), TimeProvider.System, NullLoggerFactory.Instance);

        Assert.False(feeder.IsSynced);
        await feeder.StartAsync(_ct);
        await feeder.WhenSyncedAsync(_ct).WaitAsync(AsyncStreams.Deadline, _ct);
        await store.CreateAsync(TestObjects.Artifact("art"), _ct);
        await handler.WaitForCountAsync(3);
        await feeder.StopAsync(_ct);

        Assert.True(feeder.IsSynced);
        Assert.Equal(ResourceFeeder.FedKinds, feeder.Informers.Select(i => i.Kind));
        Assert.Equal(["art", "exotic-toes-5866", "web"], handler.Changes.Select(c => c.Object.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Watches_each_configured_namespace()
    {
        var options = Options.Create(new FeederOptions { Namespaces = ["apps", "wasmcloud-system"] });

        using var feeder = new ResourceFeeder(new InMemoryResourceStore(), new RecordingHandler(), options, TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal(ResourceFeeder.FedKinds.Count * 2, feeder.Informers.Count);
        Assert.Equal(["apps", "wasmcloud-system"], feeder.Informers.Select(i => i.Namespace).Distinct());
    }

    [Fact]
    public void Hosts_are_watched_in_the_host_namespace_only_when_one_is_set()
    {
        var options = Options.Create(new FeederOptions { Namespaces = ["apps", "web"], HostNamespace = "wasmcloud-system" });

        using var feeder = new ResourceFeeder(new InMemoryResourceStore(), new RecordingHandler(), options, TimeProvider.System, NullLoggerFactory.Instance);

        var hostKind = Wasmcloud.Grains.Abstractions.Model.KubeKind.Of<Wasmcloud.Grains.Abstractions.Model.Host>();
        Assert.Equal(["wasmcloud-system"], feeder.Informers.Where(i => i.Kind == hostKind).Select(i => i.Namespace));
        Assert.Equal(["apps", "web"], feeder.Informers.Where(i => i.Kind != hostKind).Select(i => i.Namespace).Distinct());
        Assert.Equal(((ResourceFeeder.FedKinds.Count - 1) * 2) + 1, feeder.Informers.Count);
    }

    [Fact]
    public void Options_are_validated()
    {
        var validator = new FeederOptionsValidator();

        Assert.True(validator.Validate(null, new FeederOptions()).Succeeded);
        Assert.True(validator.Validate(null, new FeederOptions { InitialBackoff = TimeSpan.Zero }).Failed);
        Assert.True(validator.Validate(null, new FeederOptions { MaxBackoff = TimeSpan.FromMilliseconds(1) }).Failed);
        Assert.True(validator.Validate(null, new FeederOptions { Namespaces = [""] }).Failed);
        Assert.True(validator.Validate(null, new FeederOptions { MaxConcurrentDispatches = 0 }).Failed);
        Assert.True(validator.Validate(null, new FeederOptions { HostNamespace = " " }).Failed);
    }

    [Fact]
    public void Backoff_grows_exponentially_within_jitter_and_stays_capped()
    {
        var initial = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(2);

        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, attempt - 1));
            var delay = Backoff.Delay(attempt, initial, max).TotalMilliseconds;
            Assert.InRange(delay, (ceiling / 2) - 0.001, ceiling + 0.001);
        }
    }
}
