using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.HostRuntime.Components;
using Wasmcloud.HostRuntime.Components.Oci;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>An <see cref="OciComponentSource"/> on a fresh cache folder, with every registry request recorded.</summary>
public sealed class ComponentSourceHarness : IDisposable
{
    private readonly bool _ownsCacheDir;

    public ComponentSourceHarness(Func<HostRuntimeOptions, HostRuntimeOptions>? configure = null, string? cacheDir = null)
    {
        CacheDir = cacheDir ?? Directory.CreateTempSubdirectory("oci-cache-test-").FullName;
        _ownsCacheDir = cacheDir is null;
        var options = new HostRuntimeOptions
        {
            OciCacheDir = CacheDir,
            AllowInsecureRegistries = true,
            RegistryPullTimeout = TimeSpan.FromSeconds(20),
        };
        Options = configure?.Invoke(options) ?? options;
        Handler = new RecordingHandler(OciRegistryClient.CreateHandler(Options));
        Client = new OciRegistryClient(Options, Handler, TimeProvider.System, NullLogger.Instance);
        Cache = new ComponentCache(CacheDir);
        Source = new OciComponentSource(Options, Cache, Client, TimeProvider.System, NullLogger<OciComponentSource>.Instance);
    }

    public string CacheDir { get; }

    public HostRuntimeOptions Options { get; }

    public RecordingHandler Handler { get; }

    public OciRegistryClient Client { get; }

    public ComponentCache Cache { get; }

    public OciComponentSource Source { get; }

    public Task<FetchedComponent> FetchAsync(string image, ImagePullPolicy policy = ImagePullPolicy.Unspecified, ImagePullSecret? secret = null) =>
        Source.FetchAsync(new ComponentReference(image, policy, secret), TestContext.Current.CancellationToken);

    /// <summary>Files anywhere in the cache's blob and temp folders.</summary>
    public IReadOnlyList<string> CachedFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(CacheDir, folder), "*", SearchOption.AllDirectories).ToList();

    /// <summary>Something that starts like a wasm binary and is unique per call, so tests never share blobs.</summary>
    public static byte[] NewComponent(int size = 4096)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        "\0asm"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A repository name of one test's own on a shared registry.</summary>
    public static string NewRepository(string name) => $"tests/{name}-{Guid.NewGuid():N}";

    public void Dispose()
    {
        Source.Dispose();
        Client.Dispose();
        if (_ownsCacheDir)
        {
            try
            {
                Directory.Delete(CacheDir, recursive: true);
            }
            catch (IOException)
            {
                // Temp folder; not worth failing a test over.
            }
        }
    }
}
