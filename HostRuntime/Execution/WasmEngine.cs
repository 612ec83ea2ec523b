using System.Diagnostics;
using System.Security.Cryptography;
using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Http;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmcloud.HostRuntime.Execution.Internal;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins;
using Wasmcloud.HostRuntime.Plugins.Extensions;
using Wasmtime;
using Wasmtime.Components;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Execution;

/// <summary>
/// The host's one Wasmtime engine. Epoch interruption is on and a dedicated thread advances the epoch every
/// <see cref="EpochTick"/>, which is how deadlines and cancellation reach running guest code. Compiled artefacts are
/// cached on disk (keyed by the sha256 of the Wasm bytes, under a folder named for the Wasmtime version and engine
/// settings) and shared in memory between workloads that load the same bytes.
/// </summary>
public sealed partial class WasmEngine : IDisposable
{
    /// <summary>How often the epoch advances: the granularity of deadlines and of noticing cancellation.</summary>
    public static readonly TimeSpan EpochTick = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Everything that makes a compiled artefact unusable by another engine goes into the cache folder name: the
    /// Wasmtime version, epoch interruption, <c>implements</c> names, and concurrency support being off ("sync"); an
    /// engine that meters fuel (whose code counts it) adds <see cref="FuelGeneration"/>.
    /// </summary>
    public static readonly string CacheGeneration = $"wasmtime-{typeof(Engine).Assembly.GetName().Version}-epoch-implements-sync";

    /// <summary>The suffix of <see cref="CacheGeneration"/> for code compiled with fuel metering.</summary>
    public const string FuelGeneration = "-fuel";

    /// <summary>Instances, memories and tables the pooling allocator holds slots for, host-wide.</summary>
    public const uint PoolingSlots = 1000;

    private static readonly byte[] WasmMagic = [0x00, 0x61, 0x73, 0x6d];

    private readonly Engine _engine;
    private readonly Linker _linker;
    private readonly ComponentLinker _componentLinker;
    private readonly Lock _componentLinkerLock = new();
    private readonly Lazy<HostLinker> _wasiHttpLinker;
    private readonly Lock _namedLinkersLock = new();
    private readonly Dictionary<string, HostLinker> _namedLinkers = new(StringComparer.Ordinal);
    private readonly Thread _ticker;
    private readonly ILogger<WasmEngine> _logger;
    private readonly ExtensionPlugins _extensions;
    private readonly Lock _cacheLock = new();
    private readonly Dictionary<string, CacheEntry> _loaded = new(StringComparer.Ordinal);
    private long _compiled;
    private long _diskHits;
    private long _memoryHits;
    private volatile bool _disposed;

    public WasmEngine(HostRuntimeOptions options, ILogger<WasmEngine> logger)
        : this(options, ExtensionPlugins.None, logger)
    {
    }

    /// <summary>An engine whose linker also carries the plugins loaded from the plugins folder.</summary>
    internal WasmEngine(HostRuntimeOptions options, ExtensionPlugins extensions, ILogger<WasmEngine> logger)
    {
        _logger = logger;
        _extensions = extensions;
        // Beside the OCI cache when there is one: host pods mount that folder to keep pulls across restarts, and
        // compiled artefacts are worth keeping for the same reason.
        var root = options.CompileCacheDir
            ?? (options.OciCacheDir is { } oci ? Path.Combine(oci, "compiled") : Path.Combine(Path.GetTempPath(), "wasmcloud-host", "compiled"));
        // Artefacts compiled with other proposals or fuel switched on do not load into this engine: their own folder.
        CacheDirectory = Path.Combine(
            root,
            CacheGeneration + string.Concat(options.WasmProposals.Order().Distinct().Select(p => "-" + WasmProposalNames.NameOf(p)))
                + (options.MetersFuel ? FuelGeneration : ""));
        Directory.CreateDirectory(CacheDirectory);

        // The pooling allocator (reference §5.1: 1000 instances, memories and tables) reserves every slot's
        // address space once, so making and dropping an instance is a few madvise calls instead of mapping and
        // unmapping gigabytes of reservation per store, which serialises concurrent requests on the kernel's mmap lock.
        // Slots are sized to the host's memory ceiling, which no instance may pass anyway.
        using (var pooling = new PoolingAllocationConfig()
            .WithMaxMemorySize((nuint)options.MaxComponentMemoryMb * 1024 * 1024)
            .WithMaxCoreInstances(PoolingSlots)
            .WithMaxMemories(PoolingSlots)
            .WithMaxTables(PoolingSlots)
            .WithTotalComponentInstances(PoolingSlots))
        // Without concurrency support: with it, Wasmtime 50.0.1 traps host calls that take two borrows. With
        // `implements` names: named imports of one interface (hostInterfaces entries with a name) arrive as those.
        using (var config = new Config()
            .WithEpochInterruption(true)
            .WithPoolingAllocationStrategy(pooling)
            .WithoutConcurrencySupport()
            .WithComponentModelImplements()
            .WithWasmProposals(options.WasmProposals)
            .WithFuelConsumption(options.MetersFuel))
        {
            _engine = new Engine(config);
        }

        Fuel = options.MetersFuel ? new FuelMeter(options.FuelPerRequest) : null;

        _linker = new Linker(_engine);
        _linker.DefineWasi();
        _componentLinker = new ComponentLinker(_engine);
        _componentLinker.AddWasiPreview2();
        NativeEngine = WasmtimeHandles.Of(_engine);
        _wasiHttpLinker = new Lazy<HostLinker>(() => CreateLinker([]), LazyThreadSafetyMode.ExecutionAndPublication);

        // A thread of its own rather than a timer: deadlines must fire even when the thread pool is starved, which is
        // exactly when runaway guests are most likely.
        _ticker = new Thread(Tick) { IsBackground = true, Name = "wasm-epoch" };
        _ticker.Start();
    }

    /// <summary>Where compiled artefacts of this engine's generation live.</summary>
    public string CacheDirectory { get; }

    public CompileCacheStatistics Statistics =>
        new(Interlocked.Read(ref _compiled), Interlocked.Read(ref _diskHits), Interlocked.Read(ref _memoryHits));

    internal Engine Engine => _engine;

    /// <summary>Fuel metering (<c>--enable-meters</c>, <c>--fuel-per-request</c>); null when the engine does not meter.</summary>
    public FuelMeter? Fuel { get; }

    /// <summary>Warm threads for guest code that serves requests.</summary>
    internal GuestThreads GuestThreads { get; } = new();

    /// <summary>The <c>wasm_engine_t*</c> of <see cref="Engine"/>, for the component C API.</summary>
    internal IntPtr NativeEngine { get; }

    /// <summary>
    /// The linker for wasi:http proxy components: wasi:http/types, outgoing-handler and the WASI interfaces they need,
    /// all in C#, built on first use and shared by every request (sealed, so safe to instantiate from many threads).
    /// </summary>
    internal HostLinker WasiHttpLinker => _wasiHttpLinker.Value;

    /// <summary>
    /// The linker for a component with <paramref name="plugins"/>: <see cref="WasiHttpLinker"/>, or for a component that
    /// imports instances by a named entry's label, a linker that also defines those labels. Wasmtime linkers cannot be
    /// extended once shared, so each distinct set of labels gets its own, built once (about as costly as the shared
    /// one) and shared by every workload with those labels; their host functions still find the entry's binding in the
    /// store's <see cref="ComponentStore.Plugins"/>, so one linker serves any number of workloads.
    /// </summary>
    internal HostLinker LinkerFor(ComponentPlugins plugins)
    {
        if (plugins.NamedImports.Count == 0)
        {
            return WasiHttpLinker;
        }

        var key = string.Join(",", plugins.NamedImports.Select(n => $"{n.Package}={n.Label}"));
        lock (_namedLinkersLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_namedLinkers.TryGetValue(key, out var linker))
            {
                linker = CreateLinker(plugins.NamedImports);
                _namedLinkers.Add(key, linker);
            }

            return linker;
        }
    }

    /// <summary>The WASI preview1 linker for core modules; Wasmtime linkers are safe to instantiate from many threads.</summary>
    internal Linker Linker => _linker;

    /// <summary>Reads the Wasm at <paramref name="path"/> and returns its compiled form, from memory, disk or the compiler.</summary>
    /// <exception cref="InvalidDataException">The file is not valid WebAssembly; the message says why.</exception>
    public async Task<CompiledWasm> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var kind = KindOf(bytes);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

        CacheEntry entry;
        lock (_cacheLock)
        {
            if (_loaded.TryGetValue(digest, out var existing))
            {
                entry = existing;
                entry.Leases++;
                Interlocked.Increment(ref _memoryHits);
            }
            else
            {
                entry = new CacheEntry(digest);
                entry.Artefact = Task.Factory.StartNew(
                    () => LoadOrCompile(digest, kind, bytes),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
                _loaded.Add(digest, entry);
            }
        }

        try
        {
            var (module, component) = await entry.Artefact.WaitAsync(cancellationToken);
            var names = kind == WasmKind.Component ? ComponentNames.Read(bytes) : null;
            return new CompiledWasm(digest, module, component, () => Release(entry), names);
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    /// <summary>Instantiates a component with WASI preview2; serialised because the .NET component linker guards its handle.</summary>
    internal ComponentInstance InstantiateComponent(Store store, WasmComponent component)
    {
        lock (_componentLinkerLock)
        {
            return _componentLinker.Instantiate(store, component);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ticker.Join(TimeSpan.FromSeconds(1));
        lock (_cacheLock)
        {
            foreach (var entry in _loaded.Values)
            {
                DisposeArtefact(entry);
            }

            _loaded.Clear();
        }

        if (_wasiHttpLinker.IsValueCreated)
        {
            _wasiHttpLinker.Value.Dispose();
        }

        lock (_namedLinkersLock)
        {
            foreach (var linker in _namedLinkers.Values)
            {
                linker.Dispose();
            }

            _namedLinkers.Clear();
        }

        _componentLinker.Dispose();
        _linker.Dispose();
        _engine.Dispose();
        Fuel?.Dispose();
    }

    private HostLinker CreateLinker(IReadOnlyList<NamedImport> named)
    {
        var linker = new HostLinker(NativeEngine);
        try
        {
            WasiInterfaces.Define(linker);
            WasiHttpInterfaces.Define(linker);
            WasiConfigInterfaces.Define(linker);
            WasiLoggingInterfaces.Define(linker);
            HostPlugins.Define(linker);
            _extensions.Define(linker);
            foreach (var import in named)
            {
                HostPlugins.DefineNamed(linker, import);
            }

            linker.Seal();
            return linker;
        }
        catch
        {
            linker.Dispose();
            throw;
        }
    }

    private static WasmKind KindOf(byte[] bytes)
    {
        if (TextKindOf(bytes) is { } textKind)
        {
            return textKind;
        }

        if (bytes.Length < 8 || !bytes.AsSpan(0, 4).SequenceEqual(WasmMagic))
        {
            throw new InvalidDataException("not a WebAssembly binary: the \\0asm header is missing");
        }

        // Bytes 4–7: version 1 for core modules; version 0x0d with layer 1 for components.
        return (bytes[4], bytes[6]) switch
        {
            (0x01, 0x00) => WasmKind.Module,
            (_, 0x01) => WasmKind.Component,
            _ => throw new InvalidDataException($"unsupported WebAssembly binary version {BitConverter.ToString(bytes, 4, 4)}"),
        };
    }

    /// <summary>
    /// The kind of a text-format (WAT) file, which Wasmtime compiles as readily as a binary: handy for development
    /// and for hand-written test components. Null when the bytes are not WAT.
    /// </summary>
    private static WasmKind? TextKindOf(byte[] bytes)
    {
        var text = bytes.AsSpan();
        while (true)
        {
            text = text.TrimStart(" \t\r\n"u8);
            if (!text.StartsWith(";;"u8))
            {
                break;
            }

            var newline = text.IndexOf((byte)'\n');
            text = newline < 0 ? [] : text[(newline + 1)..];
        }

        return text.StartsWith("(module"u8) ? WasmKind.Module
            : text.StartsWith("(component"u8) ? WasmKind.Component
            : null;
    }

    private (Module?, WasmComponent?) LoadOrCompile(string digest, WasmKind kind, byte[] bytes)
    {
        var cached = Path.Combine(CacheDirectory, $"{digest["sha256:".Length..]}.{(kind == WasmKind.Module ? "module" : "component")}.cwasm");
        if (File.Exists(cached))
        {
            try
            {
                var loaded = kind == WasmKind.Module
                    ? (Module.DeserializeFile(_engine, digest, cached), null)
                    : ((Module?)null, WasmComponent.DeserializeFile(_engine, cached));
                Interlocked.Increment(ref _diskHits);
                return loaded;
            }
            catch (WasmtimeException e)
            {
                // A truncated or foreign file: compile afresh and overwrite it.
                LogCacheUnusable(cached, WasmErrors.Summarize(e));
                TryDelete(cached);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        Module? module = null;
        WasmComponent? component = null;
        byte[] serialized;
        try
        {
            var isText = TextKindOf(bytes) is not null;
            if (kind == WasmKind.Module)
            {
                module = isText ? Module.FromText(_engine, digest, System.Text.Encoding.UTF8.GetString(bytes)) : Module.FromBytes(_engine, digest, bytes);
                serialized = module.Serialize();
            }
            else
            {
                component = WasmComponent.FromBytes(_engine, bytes);
                serialized = component.Serialize();
            }
        }
        catch (WasmtimeException e)
        {
            module?.Dispose();
            component?.Dispose();
            // Without the Wasmtime error as inner exception: the manager reports the whole chain, backtrace and all.
            throw new InvalidDataException(WasmErrors.Summarize(e));
        }

        Interlocked.Increment(ref _compiled);
        LogCompiled(digest, kind, stopwatch.ElapsedMilliseconds);
        TryWriteCache(cached, serialized);
        return (module, component);
    }

    private void TryWriteCache(string path, byte[] serialized)
    {
        // Written aside and renamed, so a concurrent reader (another host sharing the folder) never maps half a file.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, serialized);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCacheWriteFailed(path, e.Message);
            TryDelete(temp);
        }
    }

    private void Release(CacheEntry entry)
    {
        lock (_cacheLock)
        {
            if (--entry.Leases > 0)
            {
                return;
            }

            _loaded.Remove(entry.Digest);
        }

        DisposeArtefact(entry);
    }

    private static void DisposeArtefact(CacheEntry entry)
    {
        if (entry.Artefact is { IsCompletedSuccessfully: true } done)
        {
            done.Result.Module?.Dispose();
            done.Result.Component?.Dispose();
        }
        else
        {
            // Still compiling: free the result when it arrives, since nobody holds a lease on it any more.
            _ = entry.Artefact?.ContinueWith(
                t =>
                {
                    t.Result.Module?.Dispose();
                    t.Result.Component?.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next writer to overwrite.
        }
    }

    private void Tick()
    {
        var interval = (int)EpochTick.TotalMilliseconds;
        while (!_disposed)
        {
            Thread.Sleep(interval);
            _engine.IncrementEpoch();
        }
    }

    private sealed class CacheEntry(string digest)
    {
        public string Digest { get; } = digest;

        /// <summary>Guarded by the engine's cache lock.</summary>
        public int Leases { get; set; } = 1;

        public Task<(Module? Module, WasmComponent? Component)> Artefact { get; set; } = null!;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Compiled {Digest} ({Kind}) in {ElapsedMs} ms")]
    private partial void LogCompiled(string digest, WasmKind kind, long elapsedMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Cached artefact {Path} is unusable, recompiling: {Reason}")]
    private partial void LogCacheUnusable(string path, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Could not write the compile cache {Path}: {Reason}")]
    private partial void LogCacheWriteFailed(string path, string reason);
}
