using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Wasmcloud.Bench.KeyValueCounter;
using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

// Usage: Wasmcloud.Bench.KeyValueCounter [--operations 1000] [--concurrency 1,16]
// Scenarios, in one run against one nats-server (JetStream, file storage) and one in-process host:
//   raw KV increment   NATS.Net from C#: the same compare-and-set loop the plugin runs (get, then update at revision)
//   http hello         the JS hello component over HTTP, no keyvalue: the cost of a request to a JS component
//   http kv counter    the JS counter component over HTTP: open + atomics.increment per request
var operations = int.Parse(Option("--operations", "1000"), CultureInfo.InvariantCulture);
var concurrencies = Option("--concurrency", "1,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var token = cancel.Token;

_ = Fixtures.PathOf(Fixtures.JsKeyValueCounter);
await using var nats = new NatsServerFixture();
await nats.InitializeAsync();
var cacheDir = Directory.CreateTempSubdirectory("kv-bench-").FullName;
await using var host = await InProcessHostRuntime.StartAsync(
    nats.ClientUrl,
    o => o with { RequestTimeout = TimeSpan.FromSeconds(30), CompileCacheDir = cacheDir },
    cancellationToken: token);
var workloads = host.GetRequiredService<WorkloadManager>();
await StartAsync(Fixtures.JsKeyValueCounter, "counter.bench", withKeyValue: true);
await StartAsync(Fixtures.JsHello, "hello.bench", withKeyValue: false);

var port = (int)host.GetRequiredService<HttpEndpoint>().Port;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.ClientUrl });
var kv = new NatsKVContext(new NatsJSContext(client));
var rawStore = await kv.CreateStoreAsync("rawbench", token);
const string bucket = "benchcounter";

// Warm-up: JIT, connections, compiled component loaded, bucket created.
for (var i = 0; i < 50; i++)
{
    await RawIncrementAsync("warmup");
    await HttpAsync("hello.bench", HttpMethod.Get, "/");
    await HttpAsync("counter.bench", HttpMethod.Post, "/incr/warmup");
}

var rows = new List<(Measurement Measurement, double? Baseline)>();
foreach (var concurrency in concurrencies)
{
    var key = $"c{concurrency}";
    var raw = await Runner.RunAsync("raw KV increment (NATS.Net, C#)", concurrency, operations, () => RawIncrementAsync(key), token);
    var hello = await Runner.RunAsync("HTTP → JS hello component (no keyvalue)", concurrency, operations, () => HttpAsync("hello.bench", HttpMethod.Get, "/"), token);
    var counter = await Runner.RunAsync("HTTP → JS counter component (atomics.increment)", concurrency, operations, () => HttpAsync("counter.bench", HttpMethod.Post, $"/incr/{key}"), token);
    rows.Add((raw, null));
    rows.Add((hello, raw.PerSecond));
    rows.Add((counter, raw.PerSecond));

    // Every increment counted, both ways.
    var rawValue = Encoding.ASCII.GetString((await rawStore.GetEntryAsync<byte[]>(key, cancellationToken: token)).Value!);
    var counterValue = await HttpAsync("counter.bench", HttpMethod.Get, $"/kv/{key}");
    if (rawValue != operations.ToString(CultureInfo.InvariantCulture) || counterValue != operations.ToString(CultureInfo.InvariantCulture))
    {
        throw new InvalidOperationException($"lost increments at concurrency {concurrency}: raw {rawValue}, component {counterValue}, expected {operations}");
    }
}

Console.WriteLine($"Keyvalue-backed counter: {operations} operations per row, one in-process host and one nats-server (JetStream, file storage) on this machine; {PlatformBinaries.Configuration} build.");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine();
Console.WriteLine("| scenario | concurrency | operations | per second | vs raw KV | p50 ms | p99 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var (measurement, baseline) in rows)
{
    Console.WriteLine(measurement.Row(baseline));
}

Console.WriteLine();
Console.WriteLine("Final values checked: every row's key equals the number of increments made.");
try
{
    Directory.Delete(cacheDir, recursive: true);
}
catch (IOException)
{
}

return 0;

async Task RawIncrementAsync(string key)
{
    while (true)
    {
        var entry = await rawStore.TryGetEntryAsync<byte[]>(key, cancellationToken: token);
        if (!entry.Success)
        {
            if ((await rawStore.TryCreateAsync(key, "1"u8.ToArray(), cancellationToken: token)).Success)
            {
                return;
            }

            continue;
        }

        var next = ulong.Parse(Encoding.ASCII.GetString(entry.Value.Value!), CultureInfo.InvariantCulture) + 1;
        if ((await rawStore.TryUpdateAsync(key, Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture)), entry.Value.Revision, cancellationToken: token)).Success)
        {
            return;
        }
    }
}

async Task<string> HttpAsync(string hostName, HttpMethod method, string path)
{
    using var request = new HttpRequestMessage(method, path);
    request.Headers.Host = hostName;
    request.Headers.Add("x-bucket", bucket);
    using var response = await http.SendAsync(request, token);
    var body = await response.Content.ReadAsStringAsync(token);
    return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{hostName}{path}: {(int)response.StatusCode} {body}");
}

async Task StartAsync(string fixture, string hostName, bool withKeyValue)
{
    var world = new WitWorld
    {
        Components = { new Component { Name = fixture, Image = Fixtures.ImageOf(fixture) } },
        HostInterfaces = { new WitInterface { Namespace = "wasi", Package = "http", Interfaces = { "incoming-handler" }, Config = { ["host"] = hostName } } },
    };
    if (withKeyValue)
    {
        world.HostInterfaces.Add(new WitInterface { Namespace = "wasi", Package = "keyvalue", Version = "0.2.0-draft", Interfaces = { "store", "atomics" } });
    }

    var status = await workloads.StartAsync(
        new WorkloadStartRequest { WorkloadId = Guid.NewGuid().ToString(), Workload = new Workload { Namespace = "bench", Name = fixture, WitWorld = world } },
        token);
    if (status.WorkloadState != WorkloadState.Running)
    {
        throw new InvalidOperationException($"{fixture} did not start: {status.Message}");
    }
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
