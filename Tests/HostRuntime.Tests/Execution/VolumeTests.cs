using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>Workload volumes become WASI preopens at the mount path: emptyDir writable and per workload, read-only mounts refuse writes.</summary>
[Collection(WasmHostCollection.Name)]
public sealed class VolumeTests(WasmHostFixture fixture) : IDisposable
{
    private readonly string _hostDirectory = Directory.CreateTempSubdirectory("wasmexec-volume-").FullName;

    private static WorkloadStartRequest FileServer(string host, Volume volume, bool readOnly)
    {
        var request = StartRequests.Http(Fixtures.Files, host);
        request.Workload.Volumes.Add(volume);
        request.Workload.WitWorld.Components[0].LocalResources.VolumeMounts.Add(new VolumeMount { Name = volume.Name, MountPath = "/data", ReadOnly = readOnly });
        return request;
    }

    [Fact]
    public async Task Empty_dir_is_writable_and_survives_between_requests()
    {
        var host = StartRequests.NewHost("emptydir");
        var id = await fixture.StartRunningAsync(FileServer(host, new Volume { Name = "scratch", EmptyDir = new EmptyDirVolume() }, readOnly: false));

        using var put = await fixture.SendAsync(host, "/data/note.txt", HttpMethod.Put, "kept between requests");
        var get = await fixture.GetAsync(host, "/data/note.txt");
        var missing = await fixture.GetAsync(host, "/data/other.txt");

        Assert.Equal(201, (int)put.StatusCode);
        Assert.Equal((200, "kept between requests"), get);
        Assert.Equal(404, missing.Status);
        await fixture.StopAsync(id);
    }

    [Fact]
    public async Task Host_path_is_visible_and_a_read_only_mount_refuses_writes()
    {
        await File.WriteAllTextAsync(Path.Combine(_hostDirectory, "greeting.txt"), "from the host", TestContext.Current.CancellationToken);
        var host = StartRequests.NewHost("hostpath");
        await fixture.StartRunningAsync(FileServer(host, new Volume { Name = "config", HostPath = new HostPathVolume { LocalPath = _hostDirectory } }, readOnly: true));

        var get = await fixture.GetAsync(host, "/data/greeting.txt");
        using var put = await fixture.SendAsync(host, "/data/greeting.txt", HttpMethod.Put, "overwritten");
        var outside = await fixture.GetAsync(host, "/etc/passwd");

        Assert.Equal((200, "from the host"), get);
        Assert.Equal(403, (int)put.StatusCode);
        Assert.Equal("from the host", await File.ReadAllTextAsync(Path.Combine(_hostDirectory, "greeting.txt"), TestContext.Current.CancellationToken));
        Assert.Equal(404, outside.Status);
    }

    public void Dispose() => Directory.Delete(_hostDirectory, recursive: true);
}
