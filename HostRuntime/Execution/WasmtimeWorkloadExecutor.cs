using Wasmcloud.HostRuntime.Components;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Http;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmcloud.HostRuntime.Execution.Internal;
using Wasmcloud.HostRuntime.Ingress;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins;
using Wasmcloud.HostRuntime.Plugins.Messaging;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Execution;

/// <summary>
/// Runs workloads on Wasmtime (reference §5.2): fetch every component through <see cref="IComponentSource"/>, compile
/// it (cached), instantiate each command module once to prove it links and initialises, register the wasi:http
/// entry's host names with the <see cref="HostRouter"/>, and start the <c>service</c> under restart supervision.
/// HTTP is served by the first component that exports <c>wasi:http/incoming-handler</c> or, failing that, is a WASI
/// command module (served CGI-style).
/// </summary>
public sealed partial class WasmtimeWorkloadExecutor : IWorkloadExecutor
{
    public const string NoHostHeaderMessage = "no host header found";

    private const long MiB = 1024 * 1024;

    // The validating executor's checks (components present, volumes and mounts consistent, file:// images exist) come
    // first, so the messages for such mistakes stay what they were before execution existed.
    private readonly ValidatingWorkloadExecutor _validator = new();
    private readonly IComponentSource _source;
    private readonly WasmEngine _engine;
    private readonly HostRouter _router;
    private readonly HostRuntimeOptions _options;
    private readonly HostPlugins _plugins;
    private readonly ILogger<WasmtimeWorkloadExecutor> _logger;
    private readonly string _scratchRoot;

    public WasmtimeWorkloadExecutor(
        IComponentSource source,
        WasmEngine engine,
        HostRouter router,
        HostRuntimeOptions options,
        HostPlugins plugins,
        ILogger<WasmtimeWorkloadExecutor> logger)
    {
        _plugins = plugins;
        _source = source;
        _engine = engine;
        _router = router;
        _options = options;
        _logger = logger;
        _scratchRoot = Path.Combine(Path.GetTempPath(), "wasmcloud-host", $"run-{Environment.ProcessId}");
    }

    public async Task<IRunningWorkload> StartAsync(WorkloadStartRequest request, CancellationToken cancellationToken)
    {
        await _validator.StartAsync(request, cancellationToken);
        var workload = request.Workload;
        var workloadId = request.WorkloadId;
        var components = workload.WitWorld.Components;
        var hostNames = HttpHostNames(workload.WitWorld.HostInterfaces);

        var compiled = new List<CompiledWasm>();
        var owned = new List<IDisposable>();
        var scratch = new List<string>();
        var stopping = new CancellationTokenSource();
        try
        {
            var workloadScratch = Path.Combine(_scratchRoot, SafeName(workloadId));
            scratch.Add(workloadScratch);
            var volumes = PrepareVolumes(workload.Volumes, workloadScratch);
            var gate = new InflightGate();
            IWorkloadHttpHandler? httpHandler = null;
            var notServable = new List<string>();
            var subscriptions = new List<MessageSubscription>();

            for (var i = 0; i < components.Count; i++)
            {
                var component = components[i];
                var name = component.Name is { Length: > 0 } ? component.Name : $"#{i}";
                var owner = $"component '{name}'";
                var wasm = await LoadAsync(owner, new ComponentReference(component.Image, component.ImagePullPolicy, component.ImagePullSecret), cancellationToken);
                compiled.Add(wasm);
                var memory = MemoryLimitBytes(component.LocalResources);
                var preopens = Preopens(component.LocalResources, volumes);
                if (wasm.Kind != WasmKind.Module)
                {
                    var plugins = _plugins.Bind(workload, workloadId, component, name, wasm);
                    var subscription = _plugins.CreateSubscription(_engine, wasm, MessageSettings(workloadId, name, component, memory, plugins), gate, stopping.Token);
                    if (subscription is not null)
                    {
                        owned.Add(subscription);
                        subscriptions.Add(subscription);
                    }

                    if (hostNames.Count > 0 && httpHandler is null)
                    {
                        httpHandler = await ComponentHandlerAsync(owner, name, workloadId, workload, component, wasm, memory, plugins, gate, stopping.Token, cancellationToken);
                        if (httpHandler is not null)
                        {
                            owned.Add((IDisposable)httpHandler);
                            continue;
                        }
                    }

                    // Other components are compiled (so they are valid) but not instantiated.
                    if (subscription is null)
                    {
                        notServable.Add($"{owner} is a WebAssembly component that exports no wasi:http/incoming-handler");
                    }

                    continue;
                }

                await ValidateAsync(owner, wasm, memory, preopens, cancellationToken);
                if (hostNames.Count > 0 && httpHandler is null)
                {
                    httpHandler = new CgiHttpHandler(
                        _engine,
                        wasm,
                        new CgiHandlerSettings
                        {
                            WorkloadId = workloadId,
                            ComponentName = name,
                            Environment = new Dictionary<string, string>(component.LocalResources?.Environment ?? [], StringComparer.Ordinal),
                            MemoryLimitBytes = memory,
                            Timeout = _options.RequestTimeout,
                            Preopens = preopens,
                            SpoolDirectory = Path.Combine(workloadScratch, "requests"),
                        },
                        gate,
                        _logger,
                        stopping.Token);
                }
            }

            if (hostNames.Count > 0 && httpHandler is null)
            {
                throw new WorkloadStartException(
                    $"no component can serve wasi:http: it takes a component exporting wasi:http/incoming-handler (or a WASI command module, served CGI-style), and {string.Join(", ", notServable)}");
            }

            ServiceSupervisor? service = null;
            if (workload.Service is { } serviceSpec)
            {
                var wasm = await LoadAsync("service", new ComponentReference(serviceSpec.Image, serviceSpec.ImagePullPolicy, serviceSpec.ImagePullSecret), cancellationToken);
                compiled.Add(wasm);
                var settings = ServiceSettings(workloadId, serviceSpec, volumes);
                await ValidateAsync("service", wasm, settings.MemoryLimitBytes, settings.Preopens, cancellationToken);
                service = new ServiceSupervisor(_engine, wasm, settings, serviceSpec.MaxRestarts, workloadId, _logger);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var routes = httpHandler is null ? null : _router.Register(workloadId, hostNames, httpHandler);
            if (routes is not null)
            {
                LogRoutes(workloadId, hostNames);
            }

            foreach (var subscription in subscriptions)
            {
                try
                {
                    await subscription.StartAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    routes?.Dispose();
                    throw new WorkloadStartException($"could not subscribe on the data NATS ({_options.DataNatsUrl})", e);
                }
            }

            service?.Start();
            return new WasmWorkload(components.Count, compiled, scratch, stopping, gate, routes, service, owned);
        }
        catch
        {
            foreach (var disposable in owned)
            {
                disposable.Dispose();
            }

            foreach (var wasm in compiled)
            {
                wasm.Dispose();
            }

            foreach (var directory in scratch)
            {
                WasmWorkload.TryDeleteDirectory(directory);
            }

            stopping.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The wasi:http handler for a component exporting <c>wasi:http/incoming-handler</c>, instantiated once to prove
    /// its imports resolve; null when the component exports no such interface.
    /// </summary>
    private async Task<ComponentHttpHandler?> ComponentHandlerAsync(
        string owner,
        string name,
        string workloadId,
        Workload workload,
        Component component,
        CompiledWasm wasm,
        long memory,
        ComponentPlugins plugins,
        InflightGate gate,
        CancellationToken stopping,
        CancellationToken cancellationToken)
    {
        EgressPolicy egress;
        try
        {
            egress = EgressPolicy.Parse(component.LocalResources?.AllowedHosts ?? []);
        }
        catch (FormatException e)
        {
            throw new WorkloadStartException($"{owner}: {e.Message}");
        }

        var settings = new ComponentHandlerSettings
        {
            WorkloadId = workloadId,
            ComponentName = name,
            Environment = [.. component.LocalResources?.Environment ?? []],
            MemoryLimitBytes = memory,
            Timeout = _options.RequestTimeout,
            Egress = egress,
            Instances = InstancePolicy.Of(component),
            Config = ComponentConfig.Merge(workload.WitWorld.HostInterfaces, component.LocalResources),
            WorkloadNamespace = workload.Namespace,
            WorkloadName = workload.Name,
            Plugins = plugins,
        };
        var handler = ComponentHttpHandler.TryCreate(_engine, wasm, settings, gate, _logger, stopping);
        if (handler is null)
        {
            return null;
        }

        try
        {
            if (await handler.ValidateAsync(cancellationToken) is { } reason)
            {
                throw new WorkloadStartException($"{owner} failed to instantiate", new InvalidOperationException(reason));
            }

            var instances = settings.Instances;
            LogComponentHandler(workloadId, name, handler.HandlerInterface, instances.PoolSize, instances.MaxConcurrency, instances.MaxInvocations, instances.WarmCapacity);
            return handler;
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The host names of the workload's wasi:http ingress entry (<c>incoming-handler</c> for p2, <c>handler</c> for
    /// p3): <c>host</c>, which is mandatory, plus the comma-separated <c>host-aliases</c>. Empty when there is no entry.
    /// </summary>
    /// <exception cref="WorkloadStartException">No usable <c>host</c>, or an alias that is not a host name.</exception>
    public static IReadOnlyList<string> HttpHostNames(IEnumerable<WitInterface> hostInterfaces)
    {
        var http = hostInterfaces.FirstOrDefault(i =>
            i.Namespace == "wasi" && i.Package == "http" && i.Interfaces.Any(name => name is "incoming-handler" or "handler"));
        if (http is null)
        {
            return [];
        }

        if (!http.Config.TryGetValue("host", out var host) || string.IsNullOrWhiteSpace(host))
        {
            throw new WorkloadStartException(NoHostHeaderMessage);
        }

        var names = new List<string> { CheckedHostName(host, "host") };
        if (http.Config.TryGetValue("host-aliases", out var aliases))
        {
            names.AddRange(aliases
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(alias => CheckedHostName(alias, "host-aliases")));
        }

        return names.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The memory ceiling: <c>memory_limit_mb</c> when the request sets one, never above <c>--max-component-memory-mb</c>.</summary>
    public static long MemoryLimitBytes(LocalResources? resources, int hostMaxMb) =>
        (resources?.MemoryLimitMb is > 0 and var requested ? Math.Min(requested, hostMaxMb) : hostMaxMb) * MiB;

    private long MemoryLimitBytes(LocalResources? resources) => MemoryLimitBytes(resources, _options.MaxComponentMemoryMb);

    private MessageHandlerSettings MessageSettings(string workloadId, string name, Component component, long memory, ComponentPlugins plugins) => new()
    {
        WorkloadId = workloadId,
        ComponentName = name,
        Environment = [.. component.LocalResources?.Environment ?? []],
        MemoryLimitBytes = memory,
        Timeout = _options.RequestTimeout,
        Plugins = plugins,
    };

    private static string CheckedHostName(string value, string key)
    {
        var name = HostNames.Normalize(value);
        return HostNames.IsValid(name)
            ? name
            : throw new WorkloadStartException($"{NoHostHeaderMessage}: {key} '{value.Trim()}' is not a valid RFC 1123 host name");
    }

    private async Task<CompiledWasm> LoadAsync(string owner, ComponentReference reference, CancellationToken cancellationToken)
    {
        FetchedComponent fetched;
        try
        {
            fetched = await _source.FetchAsync(reference, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new WorkloadStartException($"failed to pull image for {owner}", e);
        }

        try
        {
            return await _engine.LoadAsync(fetched.LocalPath, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new WorkloadStartException($"{owner} ({reference.Image}) is not valid WebAssembly", e);
        }
    }

    private async Task ValidateAsync(string owner, CompiledWasm wasm, long memoryLimitBytes, IReadOnlyList<WasiPreopen> preopens, CancellationToken cancellationToken)
    {
        // Initialisation gets the request deadline: a start function that never returns must not hang the start.
        var settings = new WasiCommandSettings { MemoryLimitBytes = memoryLimitBytes, Preopens = preopens, Timeout = _options.RequestTimeout, PerRequestFuel = true };
        if (await WasiCommand.ValidateAsync(_engine, wasm, settings, cancellationToken) is { } reason)
        {
            throw new WorkloadStartException($"{owner} failed to instantiate", new InvalidOperationException(reason));
        }
    }

    private WasiCommandSettings ServiceSettings(string workloadId, Service service, IReadOnlyDictionary<string, string> volumes)
    {
        var stdout = new GuestOutputLines(line => LogServiceOutput(workloadId, "stdout", line));
        var stderr = new GuestOutputLines(line => LogServiceOutput(workloadId, "stderr", line));
        return new WasiCommandSettings
        {
            Arguments = ["service"],
            Environment = [.. service.LocalResources?.Environment ?? []],
            StandardOutput = stdout.Write,
            StandardError = stderr.Write,
            MemoryLimitBytes = MemoryLimitBytes(service.LocalResources),
            Preopens = Preopens(service.LocalResources, volumes),
        };
    }

    /// <summary>Volume name → host directory; <c>emptyDir</c> volumes get a fresh folder under the workload's scratch folder.</summary>
    private static Dictionary<string, string> PrepareVolumes(IEnumerable<Volume> volumes, string workloadScratch)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var volume in volumes)
        {
            index++;
            if (volume.VolumeTypeCase == Volume.VolumeTypeOneofCase.HostPath)
            {
                paths[volume.Name] = volume.HostPath.LocalPath;
            }
            else
            {
                // Numbered so that names differing only in characters SafeName replaces cannot share a folder.
                var directory = Path.Combine(workloadScratch, "volumes", $"{index}-{SafeName(volume.Name)}");
                Directory.CreateDirectory(directory);
                paths[volume.Name] = directory;
            }
        }

        return paths;
    }

    private static WasiPreopen[] Preopens(LocalResources? resources, IReadOnlyDictionary<string, string> volumes) =>
        [.. (resources?.VolumeMounts ?? []).Select(m => new WasiPreopen(volumes[m.Name], m.MountPath, m.ReadOnly))];

    /// <summary>A file-name-safe form of an ID or name: no dots, so never <c>..</c>.</summary>
    private static string SafeName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Workload {WorkloadId} serves HTTP for {HostNames}")]
    private partial void LogRoutes(string workloadId, IReadOnlyList<string> hostNames);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "Workload {WorkloadId}: component '{Component}' serves HTTP through {Interface}, pool size {PoolSize} (0: a fresh instance per request) × max concurrency {MaxConcurrency}: up to {WarmCapacity} warm instances, one call each at a time, then one-shot instances; max invocations {MaxInvocations} (0: unlimited)")]
    private partial void LogComponentHandler(string workloadId, string component, string @interface, int poolSize, int maxConcurrency, int maxInvocations, int warmCapacity);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Workload {WorkloadId} service {Stream}: {Line}")]
    private partial void LogServiceOutput(string workloadId, string stream, string line);
}
