using Xunit;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// One <see cref="Platform"/> (NATS, a standalone silo, two hosts, real processes) per test collection, with
/// 1 s heartbeats so failover takes seconds. Hosts accept plain-HTTP registries and give up a pull after
/// <see cref="RegistryPullTimeout"/>, so the registry tests need no TLS and a stalled pull ends within a test.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan RegistryPullTimeout = TimeSpan.FromSeconds(8);

    private Platform? _platform;

    public Platform Platform => _platform ?? throw new InvalidOperationException("the platform is not started");

    protected virtual PlatformOptions Options => PlatformOptions.Fast with
    {
        HostArguments = ["--allow-insecure-registries", "--registry-pull-timeout", $"{RegistryPullTimeout.TotalSeconds}s"],
    };

    /// <summary>Starts hosts until <paramref name="count"/> are alive: a test that killed one leaves the next a full platform.</summary>
    public async Task<IReadOnlyList<PlatformHost>> EnsureLiveHostsAsync(int count)
    {
        while (Platform.LiveHosts.Count() < count)
        {
            await Platform.AddHostAsync(TestContext.Current.CancellationToken);
        }

        return [.. Platform.LiveHosts];
    }

    public async ValueTask InitializeAsync() => _platform = await Platform.StartAsync(Options, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
