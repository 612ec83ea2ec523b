using System.Text.RegularExpressions;
using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>What a start does with bad input, the compile cache, and the service's restarts, seen through the workload manager.</summary>
[Collection(WasmHostCollection.Name)]
public sealed class WorkloadStartTests(WasmHostFixture fixture)
{
    [Fact]
    public async Task Component_that_is_not_wasm_fails_the_start_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.wasm");
        await File.WriteAllTextAsync(path, "this is not WebAssembly", TestContext.Current.CancellationToken);
        try
        {
            var image = new Uri(path).AbsoluteUri;
            var request = StartRequests.Http(Fixtures.Hello, StartRequests.NewHost("broken"), image: image);
            request.Workload.WitWorld.Components[0].Name = "broken";

            var status = await fixture.StartAsync(request);

            Assert.Equal(WorkloadState.Error, status.WorkloadState);
            Assert.Equal($"component 'broken' ({image}) is not valid WebAssembly: not a WebAssembly binary: the \\0asm header is missing", status.Message);
            Assert.Equal(status.Message, fixture.Workloads.GetStatus(request.WorkloadId).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Truncated_module_fails_the_start_with_the_compilers_reason()
    {
        var path = Path.Combine(Path.GetTempPath(), $"truncated-{Guid.NewGuid():N}.wasm");
        var bytes = await File.ReadAllBytesAsync(Fixtures.PathOf(Fixtures.Hello), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)], TestContext.Current.CancellationToken);
        try
        {
            var status = await fixture.StartAsync(StartRequests.Http(Fixtures.Hello, StartRequests.NewHost("truncated"), image: new Uri(path).AbsoluteUri));

            Assert.Equal(WorkloadState.Error, status.WorkloadState);
            Assert.Matches(
                $"^component 'hello' \\({Regex.Escape(new Uri(path).AbsoluteUri)}\\) is not valid WebAssembly: unexpected end-of-file \\(at offset 0x[0-9a-f]+\\)$",
                status.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Trap_during_initialisation_fails_the_start_with_the_trap()
    {
        var status = await fixture.StartAsync(StartRequests.Http(Fixtures.InitTrap, StartRequests.NewHost("init")));

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal("component 'init-trap' failed to instantiate: wasm trap: wasm `unreachable` instruction executed", status.Message);
    }

    [Fact]
    public async Task Initialisation_that_never_ends_fails_the_start_at_the_deadline()
    {
        var status = await fixture.StartAsync(StartRequests.Http(Fixtures.InitLoop, StartRequests.NewHost("init-loop")));

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal("component 'init-loop' failed to instantiate: initialisation did not finish within 1s", status.Message);
    }

    [Fact]
    public async Task Unknown_import_fails_the_start_naming_it()
    {
        var status = await fixture.StartAsync(StartRequests.Http(Fixtures.UnknownImport, StartRequests.NewHost("import")));

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal("component 'unknown-import' failed to instantiate: unknown import: `acme:widgets::frobnicate` has not been defined", status.Message);
    }

    [Fact]
    public async Task Missing_image_file_fails_the_start_as_a_pull_failure()
    {
        var status = await fixture.StartAsync(StartRequests.Http(Fixtures.Hello, StartRequests.NewHost("missing"), image: "file:///no/such/hello.wasm"));

        Assert.Equal("failed to pull image for component 'hello': file not found: /no/such/hello.wasm", status.Message);
    }

    [Fact]
    public async Task Wasi_http_entry_without_host_config_fails_like_the_reference()
    {
        var request = StartRequests.Http(Fixtures.Hello, "unused.example.com");
        request.Workload.WitWorld.HostInterfaces[0].Config.Remove("host");

        var status = await fixture.StartAsync(request);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal(WasmtimeWorkloadExecutor.NoHostHeaderMessage, status.Message);
    }

    [Fact]
    public async Task Invalid_alias_fails_the_start_naming_it()
    {
        var status = await fixture.StartAsync(StartRequests.Http(Fixtures.Hello, StartRequests.NewHost("ok"), aliases: "fine.example.com, not_valid!"));

        Assert.Equal("no host header found: host-aliases 'not_valid!' is not a valid RFC 1123 host name", status.Message);
    }

    [Fact]
    public async Task Failed_starts_leave_the_host_serving()
    {
        var host = await fixture.ServeAsync(Fixtures.Hello, "survivor");

        await fixture.StartAsync(StartRequests.Http(Fixtures.InitTrap, StartRequests.NewHost("init")));
        await fixture.StartAsync(StartRequests.Http(Fixtures.Hello, host, image: "file:///no/such/file.wasm"));

        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(host));
    }

    [Fact]
    public async Task Compiled_artefacts_are_shared_in_memory_and_reused_from_disk()
    {
        // A copy of hello with a unique custom section: bytes no other test has compiled.
        var path = await UniqueCopyAsync(Fixtures.Hello);
        try
        {
            var image = new Uri(path).AbsoluteUri;
            var before = fixture.Engine.Statistics;

            var first = await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Hello, StartRequests.NewHost("cache1"), image: image));
            var afterCompile = fixture.Engine.Statistics;
            var second = await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Hello, StartRequests.NewHost("cache2"), image: image));
            var afterShare = fixture.Engine.Statistics;
            await fixture.StopAsync(first);
            await fixture.StopAsync(second);
            var host = StartRequests.NewHost("cache3");
            await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Hello, host, image: image));
            var afterReload = fixture.Engine.Statistics;

            Assert.Equal(before with { Compiled = before.Compiled + 1 }, afterCompile);
            Assert.Equal(afterCompile with { MemoryHits = afterCompile.MemoryHits + 1 }, afterShare);
            Assert.Equal(afterShare with { DiskHits = afterShare.DiskHits + 1 }, afterReload);
            Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(host));
            Assert.NotEmpty(Directory.GetFiles(fixture.Engine.CacheDirectory, "*.cwasm"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Service_is_restarted_up_to_max_restarts_then_the_workload_is_in_error()
    {
        var request = StartRequests.WithService(maxRestarts: 2, new Dictionary<string, string> { ["SERVICE_EXIT_CODE"] = "3" });

        var start = await fixture.StartAsync(request);
        var failed = await Eventually.Until(
            () => Task.FromResult<WorkloadStatus?>(fixture.Workloads.GetStatus(request.WorkloadId)),
            s => s!.WorkloadState == WorkloadState.Error,
            "the service to use up its restarts");

        Assert.Equal(WorkloadState.Running, start.WorkloadState);
        Assert.Equal("service failed after 2 restarts (maxRestarts 2): exited with code 3", failed.Message);
        Assert.Equal(WorkloadState.Stopping, (await fixture.StopAsync(request.WorkloadId)).WorkloadState);
    }

    [Fact]
    public async Task Service_with_no_restarts_fails_on_its_first_failure()
    {
        var request = StartRequests.WithService(maxRestarts: 0, new Dictionary<string, string> { ["SERVICE_EXIT_CODE"] = "7" });

        await fixture.StartRunningAsync(request);
        var failed = await Eventually.Until(
            () => Task.FromResult<WorkloadStatus?>(fixture.Workloads.GetStatus(request.WorkloadId)),
            s => s!.WorkloadState == WorkloadState.Error,
            "the service to fail");

        Assert.Equal("service failed and may not be restarted (maxRestarts 0): exited with code 7", failed.Message);
    }

    [Fact]
    public async Task Service_that_traps_while_initialising_fails_the_start()
    {
        var request = StartRequests.WithService(maxRestarts: 5);
        request.Workload.Service.Image = Fixtures.ImageOf(Fixtures.InitTrap);

        var status = await fixture.StartAsync(request);

        Assert.Equal("service failed to instantiate: wasm trap: wasm `unreachable` instruction executed", status.Message);
    }

    [Fact]
    public async Task Long_running_service_keeps_the_workload_running_until_stopped()
    {
        var request = StartRequests.WithService(maxRestarts: 0);
        await fixture.StartRunningAsync(request);
        var running = fixture.Workloads.GetStatus(request.WorkloadId);

        var stop = await fixture.StopAsync(request.WorkloadId).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(WorkloadState.Running, running.WorkloadState);
        Assert.Equal(WorkloadState.Stopping, stop.WorkloadState);
        Assert.Equal(WorkloadState.NotFound, fixture.Workloads.GetStatus(request.WorkloadId).WorkloadState);
    }

    private static async Task<string> UniqueCopyAsync(string fixtureName)
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.PathOf(fixtureName), TestContext.Current.CancellationToken);
        var name = System.Text.Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N"));

        // A custom section (id 0): size, name length, name. Both lengths fit in one LEB128 byte.
        byte[] section = [0x00, (byte)(name.Length + 1), (byte)name.Length, .. name];
        var path = Path.Combine(Path.GetTempPath(), $"{fixtureName}-{Guid.NewGuid():N}.wasm");
        await File.WriteAllBytesAsync(path, [.. bytes, .. section], TestContext.Current.CancellationToken);
        return path;
    }
}
