using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

// Usage: Wasmcloud.Bench.HostServer <nats-url> <ip:port> <fixtures/out folder> [--enable-meters]
// Runs HostRuntime as its Program does (options, Kestrel, the Host-header router, the Wasmtime executor), then starts
// one workload per benchmark case through the host's WorkloadManager, as the control server would on a start command,
// prints "ready" and serves until stopped. With --enable-meters the engine meters fuel, as the host's flag of that name.
if (args.Length is not (3 or 4) || (args.Length == 4 && args[3] != "--enable-meters"))
{
    await Console.Error.WriteLineAsync("usage: Wasmcloud.Bench.HostServer <nats-url> <ip:port> <fixtures/out folder> [--enable-meters]");
    return 2;
}

var options = new HostRuntimeOptions
{
    SchedulerNatsUrl = args[0],
    DataNatsUrl = args[0],
    HttpAddr = args[1],
    HostName = "127.0.0.1",
    LogLevel = LogLevel.Warning,
    EnableMeters = args.Length == 4,
};
await using var app = HostRuntimeApplication.Build(options);
await app.StartAsync();

// Host name → (fixture, poolSize). The pool is as large as wrk's connection count, so a pooled run never overflows.
(string Host, string Fixture, int PoolSize)[] cases =
[
    ("pooled.bench", "hello-wat", 16),
    ("fresh.bench", "hello-wat", 0),
    ("js-pooled.bench", "js-hello", 16),
    ("js-fresh.bench", "js-hello", 0),
];

var manager = app.Services.GetRequiredService<WorkloadManager>();
foreach (var (host, fixture, poolSize) in cases)
{
    var image = new Uri(Path.GetFullPath(Path.Combine(args[2], fixture + ".wasm"))).AbsoluteUri;
    var request = new WorkloadStartRequest
    {
        WorkloadId = Guid.NewGuid().ToString(),
        Workload = new Workload
        {
            Namespace = "bench",
            Name = host,
            WitWorld = new WitWorld
            {
                Components = { new Component { Name = fixture, Image = image, PoolSize = poolSize, LocalResources = new LocalResources() } },
                HostInterfaces =
                {
                    new WitInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
                },
            },
        },
    };
    var status = await manager.StartAsync(request, CancellationToken.None);
    if (status.WorkloadState != WorkloadState.Running)
    {
        await Console.Error.WriteLineAsync($"{host}: {status.WorkloadState} {status.Message}");
        return 1;
    }
}

Console.WriteLine("ready");
await app.WaitForShutdownAsync();
return 0;
