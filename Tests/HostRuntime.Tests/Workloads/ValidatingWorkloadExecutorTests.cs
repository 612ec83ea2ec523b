using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Workloads;

public sealed class ValidatingWorkloadExecutorTests
{
    private static WorkloadStartRequest Request(Action<Workload>? edit = null)
    {
        var workload = new Workload
        {
            Namespace = "ns",
            Name = "app",
            WitWorld = new WitWorld { Components = { new Component { Name = "c", Image = "ghcr.io/acme/c:1" } } },
        };
        edit?.Invoke(workload);
        return new WorkloadStartRequest { WorkloadId = "w", Workload = workload };
    }

    private static async Task<string> FailureOf(WorkloadStartRequest request) =>
        (await Assert.ThrowsAsync<WorkloadStartException>(() => new ValidatingWorkloadExecutor().StartAsync(request, TestContext.Current.CancellationToken))).Message;

    [Fact]
    public async Task Valid_request_runs_and_counts_components()
    {
        var file = Path.GetTempFileName();
        try
        {
            var running = await new ValidatingWorkloadExecutor().StartAsync(
                Request(w => w.WitWorld.Components.Add(new Component { Name = "local", Image = new Uri(file).AbsoluteUri })),
                TestContext.Current.CancellationToken);

            Assert.Equal(2, running.ComponentCount);
            await running.StopAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task No_components_is_refused()
    {
        Assert.Equal("workload 'ns/app' has no components", await FailureOf(Request(w => w.WitWorld.Components.Clear())));
    }

    [Fact]
    public async Task Empty_image_is_refused()
    {
        Assert.Equal("failed to pull image for component '#1': image reference is empty",
            await FailureOf(Request(w => w.WitWorld.Components.Add(new Component()))));
    }

    [Fact]
    public async Task Missing_local_file_is_refused()
    {
        Assert.Equal("failed to pull image for service: file not found: /no/such/svc.wasm",
            await FailureOf(Request(w => w.Service = new Service { Image = "file:///no/such/svc.wasm" })));
    }

    [Fact]
    public async Task Host_path_must_be_an_existing_directory()
    {
        Assert.Equal("hostPath volume 'data': '/no/such/dir' is not an existing directory",
            await FailureOf(Request(w => w.Volumes.Add(new Volume { Name = "data", HostPath = new HostPathVolume { LocalPath = "/no/such/dir" } }))));
    }

    [Fact]
    public async Task Mounts_must_name_a_volume_of_the_workload()
    {
        Assert.Equal("invalid local_resources for component 'c': volume mount 'cache' names no volume of the workload",
            await FailureOf(Request(w => w.WitWorld.Components[0].LocalResources = new LocalResources { VolumeMounts = { new VolumeMount { Name = "cache", MountPath = "/cache" } } })));
    }
}
