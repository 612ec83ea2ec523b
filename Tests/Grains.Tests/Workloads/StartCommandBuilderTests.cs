using System.Text;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Workloads;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Grains.Tests.Workloads;

public sealed class StartCommandBuilderTests
{
    private readonly InMemoryResourceStore _store = new();

    [Fact]
    public async Task Config_layers_merge_inline_then_configmaps_then_secrets_and_secret_values_arrive_decoded()
    {
        await PutAsync(new ConfigMap { Metadata = new() { Name = "settings", Namespace = "apps" }, Data = new() { ["mode"] = "map", ["color"] = "blue" } });
        await PutAsync(new Secret { Metadata = new() { Name = "creds", Namespace = "apps" }, Data = new() { ["mode"] = B64("secret"), ["token"] = B64("s3cr3t") } });
        var workload = Workload(spec =>
        {
            spec.Components![0].LocalResources = new LocalResources
            {
                Environment = new ConfigLayer
                {
                    Config = new() { ["mode"] = "inline", ["only-inline"] = "yes" },
                    ConfigFrom = [new NameReference { Name = "settings" }],
                    SecretFrom = [new NameReference { Name = "creds" }],
                },
            };
        });

        var command = await StartCommandBuilder.BuildAsync(workload, _store, TestContext.Current.CancellationToken);

        var environment = command.Spec.Components![0].LocalResources!.Environment!;
        Assert.Equal("secret", environment.Config!["mode"]);
        Assert.Equal("blue", environment.Config["color"]);
        Assert.Equal("s3cr3t", environment.Config["token"]);
        Assert.Equal("yes", environment.Config["only-inline"]);
        Assert.Null(environment.ConfigFrom);
        Assert.Null(environment.SecretFrom);
        Assert.Equal(workload.Metadata.Uid, command.WorkloadId);
    }

    [Fact]
    public async Task A_secrets_host_interface_carries_its_secretFrom_values_decoded_in_its_config()
    {
        await PutAsync(new Secret { Metadata = new() { Name = "registry-auth", Namespace = "apps" }, Data = new() { ["password"] = B64("hunter2") }, StringData = new() { ["user"] = "alice" } });
        var workload = Workload(spec => spec.HostInterfaces!.Add(new HostInterface
        {
            Namespace = "wasmcloud",
            Package = "secrets",
            Version = "2.1.0",
            Interfaces = ["store", "reveal"],
            SecretFrom = [new NameReference { Name = "registry-auth" }],
        }));

        var command = await StartCommandBuilder.BuildAsync(workload, _store, TestContext.Current.CancellationToken);

        var secrets = command.Spec.HostInterfaces![1];
        Assert.Equal(new Dictionary<string, string> { ["password"] = "hunter2", ["user"] = "alice" }, secrets.Config);
        Assert.Null(secrets.SecretFrom);
    }

    [Fact]
    public async Task Pull_secrets_become_plain_credentials_for_the_images_registry()
    {
        var dockerConfig = """{"auths":{"https://index.docker.io/v1/":{"auth":"ZG9ja2VyOmh1Yg=="},"registry.example.com":{"username":"alice","password":"wonderland"}}}""";
        await PutAsync(new Secret
        {
            Metadata = new() { Name = "pull", Namespace = "apps" },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new() { [".dockerconfigjson"] = B64(dockerConfig) },
        });
        var workload = Workload(spec =>
        {
            spec.Components![0].Image = "registry.example.com/team/app:1";
            spec.Components[0].ImagePullSecret = new NameReference { Name = "pull" };
            spec.Components.Add(new WorkloadComponent { Name = "hub", Image = "ubuntu", ImagePullSecret = new NameReference { Name = "pull" } });
        });

        var command = await StartCommandBuilder.BuildAsync(workload, _store, TestContext.Current.CancellationToken);

        Assert.Equal(new RegistryCredential("alice", "wonderland"), command.PullCredentials["hello"]);
        Assert.Equal(new RegistryCredential("docker", "hub"), command.PullCredentials["hub"]);
        Assert.DoesNotContain("wonderland", command.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workload_behind_a_service_is_routed_by_all_four_service_names()
    {
        var workload = Workload(spec =>
        {
            spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "web" } };
            spec.HostInterfaces![0].Config!["host-aliases"] = "www.example.com";
        });

        var command = await StartCommandBuilder.BuildAsync(workload, _store, TestContext.Current.CancellationToken);

        var aliases = command.Spec.HostInterfaces![0].Config!["host-aliases"].Split(',');
        Assert.Equal(["www.example.com", "web", "web.apps", "web.apps.svc", "web.apps.svc.cluster.local"], aliases);
        Assert.Equal("hello.example", command.Spec.HostInterfaces[0].Config!["host"]);
    }

    [Fact]
    public async Task Missing_configmaps_secrets_and_pull_secrets_are_named()
    {
        var workload = Workload(spec =>
        {
            spec.Components![0].ImagePullSecret = new NameReference { Name = "nope" };
            spec.HostInterfaces![0].ConfigFrom = [new NameReference { Name = "absent" }];
        });

        var missing = await StartCommandBuilder.FindMissingReferencesAsync(workload, _store, TestContext.Current.CancellationToken);

        Assert.Equal(["configmap \"absent\"", "image pull secret \"nope\""], missing);
    }

    private Task PutAsync<T>(T obj) where T : KubeObject =>
        _store.CreateAsync(KubeKind.Stamp(obj), TestContext.Current.CancellationToken);

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static Workload Workload(Action<WorkloadSpec> customize)
    {
        var spec = new WorkloadSpec
        {
            Components = [new WorkloadComponent { Name = "hello", Image = "ghcr.io/wasmcloud/components/hello-world:0.1.0" }],
            HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = new() { ["host"] = "hello.example" } }],
        };
        customize(spec);
        return KubeKind.Stamp(new Workload
        {
            Metadata = new ObjectMeta { Name = "hello-abc-def", Namespace = "apps", Uid = Guid.NewGuid().ToString() },
            Spec = spec,
        });
    }
}
