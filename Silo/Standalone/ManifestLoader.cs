using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Standalone;

/// <summary>
/// Makes the store hold what a folder of manifests says, as <c>kubectl apply</c> would: creates new objects,
/// updates those whose spec, labels or annotations changed, and deletes those whose manifest is gone. Watches the
/// folder and does it again after each burst of file changes.
/// </summary>
public sealed partial class ManifestLoader : BackgroundService
{
    private static readonly MethodInfo s_applyTyped =
        typeof(ManifestLoader).GetMethod(nameof(ApplyTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo s_deleteTyped = typeof(IResourceStore).GetMethod(nameof(IResourceStore.DeleteAsync))!;

    private readonly IResourceStore _store;
    private readonly StandaloneOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);

    // What the last load applied, by object, with the file it came from; and each file's content hash, so
    // problems are logged when a file changes rather than on every reload.
    private Dictionary<ObjectIdentity, string> _applied = [];
    private Dictionary<string, string> _fileHashes = new(StringComparer.Ordinal);

    public ManifestLoader(IResourceStore store, IOptions<StandaloneOptions> options, ILogger<ManifestLoader> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        Folder = string.IsNullOrWhiteSpace(_options.ManifestsPath) ? null : Path.GetFullPath(_options.ManifestsPath);
    }

    /// <summary>The absolute manifests folder; null when none is configured.</summary>
    public string? Folder { get; }

    /// <summary>Parses every <c>*.yaml</c>/<c>*.yml</c> under <paramref name="folder"/>, in path order. Touches no store.</summary>
    public static ManifestParseResult ReadFolder(string folder) => Read(folder, out _);

    /// <summary>Reads the folder and brings the store in line with it.</summary>
    public async Task<ManifestLoadReport> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (Folder is null)
        {
            return new ManifestLoadReport(new ManifestParseResult());
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return await LoadCoreAsync(Folder, cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    public override void Dispose()
    {
        _loading.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (Folder is null)
        {
            Log.NoFolder(_logger);
            return;
        }

        if (!Directory.Exists(Folder))
        {
            Log.FolderMissing(_logger, Folder);
            return;
        }

        Log.Starting(_logger, Folder, _options.WatchManifests);
        var changes = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
        // Started before the first load, so an edit made while loading is not missed.
        using var watcher = _options.WatchManifests ? Watch(Folder, changes.Writer) : null;
        try
        {
            await SafeLoadAsync(stoppingToken);
            while (await changes.Reader.WaitToReadAsync(stoppingToken))
            {
                await QuietAsync(changes.Reader, stoppingToken);
                await SafeLoadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private FileSystemWatcher Watch(string folder, ChannelWriter<bool> changes)
    {
        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        // Every change triggers a full reload: it is cheap, and renames, folder moves and editors' temp files need no special cases.
        FileSystemEventHandler changed = (_, _) => changes.TryWrite(true);
        watcher.Changed += changed;
        watcher.Created += changed;
        watcher.Deleted += changed;
        watcher.Renamed += (_, _) => changes.TryWrite(true);
        watcher.Error += (_, e) =>
        {
            Log.WatcherFailed(_logger, e.GetException(), folder);
            changes.TryWrite(true);
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>Drains change signals until none came for the debounce time.</summary>
    private async Task QuietAsync(ChannelReader<bool> changes, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (changes.TryRead(out _))
            {
            }

            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(_options.ManifestDebounce);
            try
            {
                await changes.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SafeLoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.LoadFailed(_logger, ex, Folder);
        }
    }

    private async Task<ManifestLoadReport> LoadCoreAsync(string folder, CancellationToken cancellationToken)
    {
        var parsed = Read(folder, out var hashes);
        var changedFiles = hashes.Where(h => _fileHashes.GetValueOrDefault(h.Key) != h.Value).Select(h => h.Key).ToHashSet(StringComparer.Ordinal);
        _fileHashes = hashes;
        LogProblems(parsed, changedFiles);

        // One definition per object: the last one read wins, as with kubectl apply of the whole folder.
        var desired = new Dictionary<ObjectIdentity, LoadedManifest>();
        foreach (var manifest in parsed.Objects)
        {
            var identity = ObjectIdentity.Of(manifest.Object);
            if (desired.TryGetValue(identity, out var earlier))
            {
                var problem = new ManifestProblem(manifest.File, manifest.Line, $"{identity} is also defined at {earlier.File}:{earlier.Line}; this definition wins");
                parsed.Warnings.Add(problem);
                Log.Warning(_logger, problem.ToString());
            }

            desired[identity] = manifest;
        }

        var report = new ManifestLoadReport(parsed);
        var applied = new Dictionary<ObjectIdentity, string>();
        foreach (var (identity, manifest) in desired)
        {
            try
            {
                var outcome = await ApplyAsync(manifest.Object, cancellationToken);
                report.Count(outcome);
                applied[identity] = manifest.File;
                if (outcome != ApplyOutcome.Unchanged)
                {
                    Log.Applied(_logger, outcome, identity.ToString(), manifest.File, manifest.Line);
                }
            }
            catch (Exception ex) when (ex is ResourceConflictException or ArgumentException or InvalidOperationException)
            {
                var problem = new ManifestProblem(manifest.File, manifest.Line, $"{identity} was not applied: {ex.Message}");
                report.ApplyErrors.Add(problem);
                Log.Error(_logger, problem.ToString());
            }
        }

        // A file that failed to read keeps its objects: a half-saved edit must not delete a running workload.
        var broken = parsed.Errors.Select(e => e.File).ToHashSet(StringComparer.Ordinal);
        foreach (var (identity, file) in _applied.Where(a => !applied.ContainsKey(a.Key)))
        {
            if (broken.Contains(file) && File.Exists(Path.Combine(folder, file)))
            {
                applied[identity] = file;
                continue;
            }

            await (Task)s_deleteTyped.MakeGenericMethod(identity.Type).Invoke(_store, [identity.Namespace, identity.Name, cancellationToken])!;
            report.Deleted++;
            Log.Deleted(_logger, identity.ToString(), file);
        }

        _applied = applied;
        Log.Loaded(_logger, folder, report.Created, report.Updated, report.Unchanged, report.Deleted, parsed.Errors.Count + report.ApplyErrors.Count, parsed.Skipped.Count);
        return report;
    }

    private void LogProblems(ManifestParseResult parsed, HashSet<string> changedFiles)
    {
        foreach (var problem in parsed.Errors.Where(p => changedFiles.Contains(p.File)))
        {
            Log.Error(_logger, problem.ToString());
        }

        foreach (var problem in parsed.Warnings.Where(p => changedFiles.Contains(p.File)))
        {
            Log.Warning(_logger, problem.ToString());
        }

        foreach (var problem in parsed.Skipped.Where(p => changedFiles.Contains(p.File)))
        {
            Log.Skipped(_logger, problem.ToString());
        }
    }

    private static ManifestParseResult Read(string folder, out Dictionary<string, string> hashes)
    {
        var result = new ManifestParseResult();
        hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var file = Path.GetRelativePath(folder, path);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Usually a file still being written; the change that finishes it triggers another load.
                result.Errors.Add(new ManifestProblem(file, 1, $"cannot read: {ex.Message}"));
                continue;
            }

            hashes[file] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            result.Add(ManifestParser.Parse(text, file));
        }

        return result;
    }

    private Task<ApplyOutcome> ApplyAsync(KubeObject desired, CancellationToken cancellationToken) =>
        (Task<ApplyOutcome>)s_applyTyped.MakeGenericMethod(desired.GetType()).Invoke(null, [_store, desired, cancellationToken])!;

    private static async Task<ApplyOutcome> ApplyTypedAsync<T>(IResourceStore store, T desired, CancellationToken cancellationToken) where T : KubeObject
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var current = await store.GetAsync<T>(desired.Namespace, desired.Name, cancellationToken);
                if (current is null)
                {
                    await store.CreateAsync(ModelJson.Clone(desired), cancellationToken);
                    return ApplyOutcome.Created;
                }

                if (SameDeclaredState(current, desired))
                {
                    return ApplyOutcome.Unchanged;
                }

                // Declared fields from the manifest; everything the server or the grains own stays.
                var merged = ModelJson.Clone(desired);
                merged.Metadata = current.Metadata;
                merged.Metadata.Labels = desired.Metadata.Labels;
                merged.Metadata.Annotations = desired.Metadata.Annotations;
                await store.UpdateAsync(merged, cancellationToken);
                return ApplyOutcome.Updated;
            }
            catch (Exception ex) when (ex is ResourceConflictException or ResourceNotFoundException && attempt < attempts)
            {
                // Someone else wrote in between: read again.
            }
        }
    }

    private static bool SameDeclaredState(KubeObject current, KubeObject desired) =>
        JsonNode.DeepEquals(DeclaredFields(current), DeclaredFields(desired))
        && SameMap(current.Metadata.Labels, desired.Metadata.Labels)
        && SameMap(current.Metadata.Annotations, desired.Metadata.Annotations);

    private static JsonObject DeclaredFields(KubeObject obj)
    {
        var node = JsonSerializer.SerializeToNode(obj, obj.GetType(), ModelJson.Options)!.AsObject();
        node.Remove("metadata");
        node.Remove("status");
        node.Remove("apiVersion");
        node.Remove("kind");
        return node;
    }

    private static bool SameMap(Dictionary<string, string>? a, Dictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

    private readonly record struct ObjectIdentity(Type Type, string Kind, string Namespace, string Name)
    {
        public static ObjectIdentity Of(KubeObject obj) => new(obj.GetType(), KubeKind.Of(obj.GetType()).Kind, obj.Namespace, obj.Name);

        public override string ToString() => $"{Kind} {Namespace}/{Name}";
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Manifest error: {Problem}")]
        public static partial void Error(ILogger logger, string problem);

        [LoggerMessage(2, LogLevel.Warning, "Manifest warning: {Problem}")]
        public static partial void Warning(ILogger logger, string problem);

        [LoggerMessage(3, LogLevel.Information, "Manifest skipped: {Problem}")]
        public static partial void Skipped(ILogger logger, string problem);

        [LoggerMessage(4, LogLevel.Information, "{Outcome} {Object} from {File}:{Line}")]
        public static partial void Applied(ILogger logger, ApplyOutcome outcome, string @object, string file, int line);

        [LoggerMessage(5, LogLevel.Information, "Deleted {Object}: its manifest in {File} is gone")]
        public static partial void Deleted(ILogger logger, string @object, string file);

        [LoggerMessage(6, LogLevel.Information, "Applied manifests from {Folder}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Deleted} deleted, {Errors} errors, {Skipped} skipped")]
        public static partial void Loaded(ILogger logger, string folder, int created, int updated, int unchanged, int deleted, int errors, int skipped);

        [LoggerMessage(7, LogLevel.Error, "Manifests folder {Folder} does not exist; nothing loaded")]
        public static partial void FolderMissing(ILogger logger, string folder);

        [LoggerMessage(8, LogLevel.Warning, "Watching {Folder} failed; reloading everything")]
        public static partial void WatcherFailed(ILogger logger, Exception exception, string folder);

        [LoggerMessage(9, LogLevel.Error, "Loading manifests from {Folder} failed")]
        public static partial void LoadFailed(ILogger logger, Exception exception, string? folder);

        [LoggerMessage(10, LogLevel.Information, "Standalone mode: applying manifests from {Folder} (watching for changes: {Watching})")]
        public static partial void Starting(ILogger logger, string folder, bool watching);

        [LoggerMessage(11, LogLevel.Information, "Standalone mode without a manifests folder; objects come only from the grains")]
        public static partial void NoFolder(ILogger logger);
    }
}
