using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Standalone;

public sealed class ManifestLoaderTests : IDisposable
{
    private const string Deployment = """
        apiVersion: runtime.wasmcloud.dev/v1alpha1
        kind: WorkloadDeployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: REPLICAS
          template:
            spec:
              hostSelector: {hostgroup: default}
              components: [{name: web, image: "ghcr.io/acme/web:1.0.0"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {ports: [{name: http, port: 80}]}
        """;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly string _folder = Directory.CreateTempSubdirectory("silo-manifests-").FullName;
    private readonly InMemoryResourceStore _store = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Good_objects_load_and_bad_documents_are_reported_with_file_and_line()
    {
        Write("good.yaml", DeploymentWith(replicas: 2));
        Write("broken/syntax.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: indent\nspec: {}\n");
        Write("schema.yml", """
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: Artifact
            metadata: {name: fine}
            spec: {image: ghcr.io/acme/app:1.0.0}
            ---
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: WorkloadDeployment
            metadata: {name: bad}
            spec:
              replicas: many
            """);
        Write("hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n");
        Write("notes.txt", "not a manifest");
        using var loader = Loader();

        var report = await loader.LoadAsync(_ct);

        Assert.Equal(
            [("broken/syntax.yaml", 5, null), ("schema.yml", 10, "$.spec.replicas")],
            report.Parsed.Errors.Select(e => (e.File.Replace('\\', '/'), e.Line, e.Path)));
        Assert.Equal(("hpa.yaml", 1), (report.Parsed.Skipped.Single().File, report.Parsed.Skipped.Single().Line));
        Assert.Equal(3, report.Created);
        Assert.Equal(2, (await _store.GetAsync<WorkloadDeployment>("default", "web", _ct))!.Spec.Replicas);
        Assert.NotNull(await _store.GetAsync<Service>("default", "web", _ct));
        Assert.NotNull(await _store.GetAsync<Artifact>("default", "fine", _ct));
        Assert.Null(await _store.GetAsync<WorkloadDeployment>("default", "bad", _ct));
    }

    [Fact]
    public async Task Loading_again_without_changes_writes_nothing()
    {
        Write("good.yaml", DeploymentWith(replicas: 2));
        using var loader = Loader();
        await loader.LoadAsync(_ct);
        var version = _store.CurrentResourceVersion;

        var report = await loader.LoadAsync(_ct);

        Assert.Equal((0, 0, 2), (report.Created, report.Updated, report.Unchanged));
        Assert.Equal(version, _store.CurrentResourceVersion);
    }

    [Fact]
    public async Task An_update_keeps_what_the_server_and_grains_own()
    {
        Write("good.yaml", DeploymentWith(replicas: 2));
        using var loader = Loader();
        await loader.LoadAsync(_ct);
        var stored = (await _store.GetAsync<WorkloadDeployment>("default", "web", _ct))!;
        stored.Status = new WorkloadDeploymentStatus { Selector = "kept" };
        await _store.UpdateStatusAsync(stored, _ct);

        Write("good.yaml", DeploymentWith(replicas: 5).Replace("{app: web}", "{app: web, tier: front}", StringComparison.Ordinal));
        var report = await loader.LoadAsync(_ct);

        var updated = (await _store.GetAsync<WorkloadDeployment>("default", "web", _ct))!;
        Assert.Equal(1, report.Updated);
        Assert.Equal((5, 2L, "kept", "front"), (updated.Spec.Replicas, updated.Metadata.Generation, updated.Status?.Selector, updated.Metadata.Label("tier")));
        Assert.Equal(stored.Metadata.Uid, updated.Metadata.Uid);
    }

    [Fact]
    public async Task Editing_a_file_reapplies_it_and_deleting_it_deletes_its_objects()
    {
        Write("good.yaml", DeploymentWith(replicas: 2));
        Write("other.yaml", "apiVersion: runtime.wasmcloud.dev/v1alpha1\nkind: Artifact\nmetadata: {name: stays}\nspec: {image: x}\n");
        using var loader = Loader(watch: true);
        var deployments = KubeKind.Of<WorkloadDeployment>();

        await loader.StartAsync(_ct);
        await _store.WatchAsync(deployments, null, "0", _ct).TakeAsync(1, e => Replicas(e) == 2, _ct);

        var beforeEdit = _store.CurrentResourceVersion;
        Write("good.yaml", DeploymentWith(replicas: 3));
        var edited = await _store.WatchAsync(deployments, null, beforeEdit, _ct).TakeAsync(1, e => e.Type == WatchEventType.Modified, _ct);
        Assert.Equal(3, Replicas(edited.Single()));

        var beforeDelete = _store.CurrentResourceVersion;
        File.Delete(Path.Combine(_folder, "good.yaml"));
        var deleted = await _store.WatchAsync(deployments, null, beforeDelete, _ct).TakeAsync(1, e => e.Type == WatchEventType.Deleted, _ct);
        var serviceDeleted = await _store.WatchAsync(KubeKind.Of<Service>(), null, beforeDelete, _ct).TakeAsync(1, e => e.Type == WatchEventType.Deleted, _ct);
        await loader.StopAsync(_ct);

        Assert.Equal("web", deleted.Single().Object!.Name);
        Assert.Equal("web", serviceDeleted.Single().Object!.Name);
        Assert.NotNull(await _store.GetAsync<Artifact>("default", "stays", _ct));
    }

    [Fact]
    public async Task A_file_that_stops_parsing_keeps_its_objects_until_it_is_fixed()
    {
        Write("good.yaml", DeploymentWith(replicas: 2));
        using var loader = Loader();
        await loader.LoadAsync(_ct);

        Write("good.yaml", "apiVersion: runtime.wasmcloud.dev/v1alpha1\nkind: WorkloadDeployment\nmetadata: {name: web\n");
        var broken = await loader.LoadAsync(_ct);
        Assert.Equal(0, broken.Deleted);
        Assert.NotNull(await _store.GetAsync<WorkloadDeployment>("default", "web", _ct));

        Write("good.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {}\n");
        var fixedReport = await loader.LoadAsync(_ct);
        Assert.Equal(1, fixedReport.Deleted);
        Assert.Null(await _store.GetAsync<WorkloadDeployment>("default", "web", _ct));
    }

    [Fact]
    public async Task The_last_definition_of_an_object_wins_with_a_warning()
    {
        Write("a.yaml", DeploymentWith(replicas: 2));
        Write("b.yaml", DeploymentWith(replicas: 4));
        using var loader = Loader();

        var report = await loader.LoadAsync(_ct);

        Assert.Equal(4, (await _store.GetAsync<WorkloadDeployment>("default", "web", _ct))!.Spec.Replicas);
        Assert.Contains(report.Parsed.Warnings, w => w.File == "b.yaml" && w.Message.Contains("a.yaml:1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sample_folder_loads_cleanly()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "Standalone", "TestData", "Reference");
        using var loader = new ManifestLoader(_store, Options.Create(new StandaloneOptions { Enabled = true, ManifestsPath = samples }), NullLogger<ManifestLoader>.Instance);

        var report = await loader.LoadAsync(_ct);

        Assert.Empty(report.Parsed.Errors);
        Assert.Empty(report.ApplyErrors);
        Assert.Equal(8, report.Created);
    }

    [Fact]
    public void Options_are_validated()
    {
        var validator = new StandaloneOptionsValidator();

        Assert.True(validator.Validate(null, new StandaloneOptions { Enabled = true, ManifestsPath = _folder }).Succeeded);
        Assert.True(validator.Validate(null, new StandaloneOptions { Enabled = true }).Succeeded);
        Assert.True(validator.Validate(null, new StandaloneOptions { Enabled = true, ManifestsPath = Path.Combine(_folder, "missing") }).Failed);
        Assert.True(validator.Validate(null, new StandaloneOptions { ManifestDebounce = TimeSpan.FromSeconds(-1) }).Failed);
    }

    private static string DeploymentWith(int replicas) => Deployment.Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static int? Replicas(WatchEvent change) => (change.Object as WorkloadDeployment)?.Spec.Replicas;

    private ManifestLoader Loader(bool watch = false) => new(
        _store,
        Options.Create(new StandaloneOptions { Enabled = true, ManifestsPath = _folder, WatchManifests = watch, ManifestDebounce = TimeSpan.FromMilliseconds(50) }),
        NullLogger<ManifestLoader>.Instance);

    private void Write(string file, string text)
    {
        var path = Path.Combine(_folder, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
