using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wasmcloud.HostRuntime.Control;
using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.TestInfrastructure.Hosts;

/// <summary>A real HostRuntime (control server, heartbeats, Kestrel on a free loopback port) inside the test process.</summary>
public sealed class InProcessHostRuntime : IAsyncDisposable
{
    private InProcessHostRuntime(WebApplication app)
    {
        App = app;
        Identity = app.Services.GetRequiredService<HostIdentity>();
    }

    public WebApplication App { get; }

    public HostIdentity Identity { get; }

    public string HostId => Identity.HostId;

    /// <summary>Starts a host on <paramref name="natsUrl"/> and returns once it answers commands.</summary>
    public static async Task<InProcessHostRuntime> StartAsync(
        string natsUrl,
        Func<HostRuntimeOptions, HostRuntimeOptions>? configureOptions = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        var options = new HostRuntimeOptions
        {
            SchedulerNatsUrl = natsUrl,
            DataNatsUrl = natsUrl,
            HttpAddr = "127.0.0.1:0",
            HostName = "127.0.0.1",
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        };
        options = configureOptions?.Invoke(options) ?? options;
        var app = HostRuntimeApplication.Build(options, services =>
        {
            services.AddLogging(logging => logging.ClearProviders());
            configureServices?.Invoke(services);
        });

        var host = new InProcessHostRuntime(app);
        try
        {
            await app.StartAsync(cancellationToken);
            await app.Services.GetRequiredService<ControlServer>().Ready.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public T GetRequiredService<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
