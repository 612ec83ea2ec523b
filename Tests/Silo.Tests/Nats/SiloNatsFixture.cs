using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Silo.Nats;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Nats;

/// <summary>A nats-server, a real in-process HostRuntime, and the silo's NATS services wired as the silo wires them.</summary>
public sealed class SiloNatsFixture : IAsyncLifetime
{
    public static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(750);

    public NatsServerFixture Nats { get; } = new();

    public RecordingHeartbeatSink Sink { get; } = new();

    public InProcessHostRuntime Host { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public NatsHostClient Client => Services.GetRequiredService<NatsHostClient>();

    public HeartbeatSubscriber Subscriber => Services.GetRequiredService<HeartbeatSubscriber>();

    /// <summary>A plain connection for publishing hand-made messages.</summary>
    public NatsConnection Raw { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Nats.InitializeAsync();
        Services = BuildServices(Nats.ClientUrl, Sink);
        await Subscriber.StartAsync(TestContext.Current.CancellationToken);
        await Subscriber.Ready.WaitAsync(TimeSpan.FromSeconds(20));
        // The protocol is under test here, not execution: the validating executor accepts the tests' made-up images.
        Host = await InProcessHostRuntime.StartAsync(
            Nats.ClientUrl,
            o => o with { HeartbeatInterval = TimeSpan.FromMilliseconds(200), HostGroup = "silo-test" },
            services => services.AddSingleton<IWorkloadExecutor, ValidatingWorkloadExecutor>());
        Raw = new NatsConnection(NatsOpts.Default with { Url = Nats.ClientUrl });
        await Raw.ConnectAsync();
    }

    /// <summary>The silo side as <c>AddNatsHostConnectivity</c> registers it, with short status/probe timeouts.</summary>
    public static ServiceProvider BuildServices(string natsUrl, IHeartbeatSink sink)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nats:Url"] = natsUrl,
            ["Nats:StatusTimeout"] = ShortTimeout.ToString(),
            ["Nats:ProbeTimeout"] = ShortTimeout.ToString(),
            ["Nats:StopTimeout"] = "00:00:10",
            ["Nats:StartTimeout"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders());
        services.AddSingleton(sink);
        services.AddNatsHostConnectivity(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Raw is not null)
        {
            await Raw.DisposeAsync();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Services is not null)
        {
            await Subscriber.StopAsync(CancellationToken.None);
            await Services.DisposeAsync();
        }

        await Nats.DisposeAsync();
    }
}
