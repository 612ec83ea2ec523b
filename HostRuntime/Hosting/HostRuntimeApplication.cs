using Wasmcloud.HostRuntime.Hosting.Internal;
using Wasmcloud.HostRuntime.Ingress.Internal;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Hosting;

/// <summary>Builds the host process; tests build it the same way with a different executor or options.</summary>
public static class HostRuntimeApplication
{
    public static WebApplication Build(HostRuntimeOptions options, Action<IServiceCollection>? configureServices = null)
    {
        // The wash-style flags are ours to parse; handing them to ASP.NET's command-line provider would misread
        // bare switches such as --allow-insecure-registries.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddHostRuntime(options);
        var endpoint = System.Net.IPEndPoint.Parse(options.HttpAddr);
        var tls = IngressTls.Configure(options.HttpTls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, tls));

        var app = builder.Build();

        // Every request is routed by its Host to a workload; only requests no workload claims reach the host's own
        // endpoints (docs/decisions/http-ingress-and-cgi.md).
        app.UseMiddleware<HostRoutingMiddleware>();
        app.MapGet(HostRoutingMiddleware.HealthPath, () => "ok");
        return app;
    }

    /// <summary>The process entry point: parse, build, run until SIGTERM; 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (HostRuntimeCommandLine.WantsHelp(args))
        {
            await Console.Out.WriteAsync(HostRuntimeCommandLine.Usage);
            return 0;
        }

        HostRuntimeOptions options;
        try
        {
            options = HostRuntimeCommandLine.Parse(args);
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{HostRuntimeCommandLine.Usage}");
            return 2;
        }

        WebApplication app;
        try
        {
            app = Build(options);
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join(Environment.NewLine, e.Failures)}");
            return 2;
        }
        catch (Exception e) when (e is Plugins.Extensions.PluginLoadException or UserConfigException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await using (app)
        {
            app.Services.GetRequiredService<StartupReport>().Report(options);
            try
            {
                await app.RunAsync();
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Kestrel's own message names the address; the stack trace would only bury it.
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        }

        return 0;
    }
}
