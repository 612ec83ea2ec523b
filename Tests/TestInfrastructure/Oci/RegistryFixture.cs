using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wasmcloud.TestInfrastructure.Platform;
using Xunit;

namespace Wasmcloud.TestInfrastructure.Oci;

/// <summary>
/// A real registry (Debian's <c>docker-registry</c>, distribution 2.8) on a free loopback port with filesystem storage in
/// a temp folder, one per test collection. Plain HTTP and anonymous; <see cref="AuthenticatedRegistryFixture"/> adds
/// htpasswd basic auth and <see cref="TlsRegistryFixture"/> serves HTTPS. Pushing uses the registry HTTP API directly.
/// </summary>
public class RegistryFixture : IAsyncLifetime
{
    public const string WasmConfigMediaType = "application/vnd.wasm.config.v0+json";
    public const string OciManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndexMediaType = "application/vnd.oci.image.index.v1+json";

    private const int OutputLines = 200;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private PlatformProcess? _process;
    private HttpClient? _http;

    /// <summary>The temp folder holding config, storage and (for variants) htpasswd and certificates.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("registry-fixture-").FullName;

    /// <summary>Where the registry keeps its data (<c>storage.filesystem.rootdirectory</c>).</summary>
    public string StorageRoot => Path.Combine(Root, "storage");

    /// <summary>The registry's name in image references: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Host { get; private set; } = "";

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Credentials the registry accepts, when it requires any.</summary>
    public virtual (string Username, string Password)? Credentials => null;

    protected virtual string Scheme => "http";

    /// <summary>What the running registry printed, for failure messages.</summary>
    public string Output => _process?.Tail(OutputLines) ?? "";

    public async ValueTask InitializeAsync()
    {
        await PrepareAsync();

        // The free port is found by binding and releasing it; should another process grab it meanwhile, try a new one.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(FreePort.Next());
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await KillAsync();
            }
        }

        _http = CreateClient();
    }

    /// <summary>
    /// Pushes a one-layer wasm artifact the way <c>wash push</c> lays it out: a config blob of type
    /// <c>application/vnd.wasm.config.v0+json</c> and one layer of <paramref name="mediaType"/>.
    /// </summary>
    public async Task<PushedImage> PushAsync(string repository, string tag, byte[] content, string mediaType = "application/wasm", CancellationToken cancellationToken = default)
    {
        var layerDigest = await PushBlobAsync(repository, content, cancellationToken);
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "wasm",
            ["os"] = "wasip2",
            ["layerDigests"] = new JsonArray(layerDigest),
        }.ToJsonString());
        var configDigest = await PushBlobAsync(repository, config, cancellationToken);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifestMediaType,
            ["config"] = Descriptor(WasmConfigMediaType, configDigest, config.Length),
            ["layers"] = new JsonArray(Descriptor(mediaType, layerDigest, content.Length)),
        };
        var manifestDigest = await PushManifestAsync(repository, tag, OciManifestMediaType, Encoding.UTF8.GetBytes(manifest.ToJsonString()), cancellationToken);
        return new PushedImage(Host, repository, tag, manifestDigest, layerDigest, content.Length);
    }

    /// <summary>Uploads a blob (POST to open the upload, then one monolithic PUT) and returns its digest.</summary>
    public async Task<string> PushBlobAsync(string repository, byte[] content, CancellationToken cancellationToken = default)
    {
        var digest = Digest(content);
        using var start = await Client.PostAsync(new Uri(BaseUri, $"/v2/{repository}/blobs/uploads/"), null, cancellationToken);
        await EnsureAsync(start, HttpStatusCode.Accepted, $"opening an upload to {repository}");
        var location = start.Headers.Location ?? throw new InvalidOperationException("the registry answered the upload POST without a Location");
        var upload = location.IsAbsoluteUri ? location : new Uri(BaseUri, location);
        var put = new UriBuilder(upload);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await Client.PutAsync(put.Uri, body, cancellationToken);
        await EnsureAsync(done, HttpStatusCode.Created, $"uploading blob {digest} to {repository}");
        return digest;
    }

    /// <summary>Puts a manifest (or index) under a tag or digest and returns its digest.</summary>
    public async Task<string> PushManifestAsync(string repository, string reference, string mediaType, byte[] manifest, CancellationToken cancellationToken = default)
    {
        using var body = new ByteArrayContent(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await Client.PutAsync(new Uri(BaseUri, $"/v2/{repository}/manifests/{reference}"), body, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, $"putting manifest {repository}:{reference}");
        return Digest(manifest);
    }

    /// <summary>The file the registry serves a blob from: overwrite it to make the registry send bytes that do not match their digest.</summary>
    public string BlobDataPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(StorageRoot, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static JsonObject Descriptor(string mediaType, string digest, long size) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = digest,
        ["size"] = size,
    };

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await KillAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test run over.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Variants write what their configuration refers to (htpasswd file, certificates) here.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Variants add top-level sections (<c>auth:</c>) to the YAML configuration.</summary>
    protected virtual void AppendConfiguration(StringBuilder yaml)
    {
    }

    /// <summary>Variants add keys inside <c>http:</c> (<c>tls:</c>), indented by four spaces.</summary>
    protected virtual void AppendHttpConfiguration(StringBuilder yaml)
    {
    }

    /// <summary>The handler the fixture pushes and probes with; the TLS variant trusts its own CA.</summary>
    protected virtual HttpMessageHandler CreateHandler() => new SocketsHttpHandler();

    private HttpClient Client => _http ?? throw new InvalidOperationException("the registry is not started");

    private HttpClient CreateClient()
    {
        var client = new HttpClient(CreateHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        if (Credentials is var (user, password))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return client;
    }

    private async Task StartAsync(int port)
    {
        Host = $"127.0.0.1:{port}";
        BaseUri = new Uri($"{Scheme}://{Host}/");
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:");
        yaml.AppendLine("  level: warn");
        yaml.AppendLine("  accesslog:");
        yaml.AppendLine("    disabled: true");
        yaml.AppendLine("storage:");
        yaml.AppendLine("  filesystem:");
        yaml.AppendLine($"    rootdirectory: {StorageRoot}");
        yaml.AppendLine("http:");
        yaml.AppendLine($"  addr: {Host}");
        yaml.AppendLine("  secret: registry-fixture");
        AppendHttpConfiguration(yaml);
        AppendConfiguration(yaml);
        var config = Path.Combine(Root, "config.yml");
        await File.WriteAllTextAsync(config, yaml.ToString());

        var process = PlatformProcess.StartExecutable("docker-registry", PlatformBinaries.FindExecutable("docker-registry", "REGISTRY_BIN", "apt-get install docker-registry"), ["serve", config]);
        _process = process;

        using var deadline = new CancellationTokenSource(StartDeadline);
        using var probe = CreateClient();
        probe.Timeout = TimeSpan.FromSeconds(2);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(BaseUri, "/v2/"), deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One probe timed out; the deadline decides.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"docker-registry did not answer GET /v2/ with 200 within {StartDeadline}:\n{Output}");
            }

            try
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"docker-registry did not answer GET /v2/ with 200 within {StartDeadline}:\n{Output}");
            }
        }
    }

    private async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    private async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {body}\n{Output}");
        }
    }
}
