using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.Silo.Standalone;
using Wasmcloud.TestInfrastructure.Kubernetes;

// Usage: Wasmcloud.FakeKube [--kubeconfig fake-kubeconfig.yaml] [--apply <file or folder of YAML manifests>]...
// Starts the fake API server (the one the tests use) on a free loopback port with the wasmCloud CRDs installed,
// writes a kubeconfig pointing at it, applies the given manifests, and serves until Ctrl+C. State is in memory only.
var kubeconfig = Path.GetFullPath(Option("--kubeconfig") ?? "fake-kubeconfig.yaml");
var manifests = Options("--apply").ToList();
if (manifests.FirstOrDefault(path => !File.Exists(path) && !Directory.Exists(path)) is { } missing)
{
    Console.Error.WriteLine($"--apply {missing}: no such file or folder");
    return 2;
}

await using var server = await FakeApiServer.StartAsync();
server.InstallWasmcloudCrds();
server.WriteKubeconfig(kubeconfig);
Console.WriteLine($"fake Kubernetes API server on {server.BaseUri}");
Console.WriteLine($"kubeconfig written to {kubeconfig}");

using var client = server.CreateClient();
IResourceStore store = new KubernetesResourceStore(client, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance);
var failed = false;
foreach (var file in manifests.SelectMany(Files))
{
    // As run.sh does for the samples: @REPO@ stands for the folder the command runs in.
    var text = (await File.ReadAllTextAsync(file)).Replace("@REPO@", Environment.CurrentDirectory, StringComparison.Ordinal);
    var parsed = ManifestParser.Parse(text, file);
    foreach (var problem in parsed.Errors)
    {
        Console.Error.WriteLine($"{problem.File}:{problem.Line}: {problem.Message}");
        failed = true;
    }

    foreach (var manifest in parsed.Objects)
    {
        var obj = manifest.Object;
        obj.Metadata.Namespace ??= ManifestParser.DefaultNamespace;
        try
        {
            await store.CreateAsync(obj);
            Console.WriteLine($"{obj.Kind} {obj.Metadata.Namespace}/{obj.Name} created");
        }
        catch (ResourceConflictException e)
        {
            Console.Error.WriteLine($"{manifest.File}:{manifest.Line}: {e.Message}");
            failed = true;
        }
    }
}

if (failed)
{
    return 1;
}

Console.WriteLine($"serving; point the silo at it: dotnet run --project Silo -- --kubeconfig {kubeconfig} --Operator:Namespace wasmcloud-system");
Console.WriteLine("Ctrl+C stops the server (everything it holds is lost)");
using var stop = new CancellationTokenSource();
// Ctrl+C and `kill` both end the wait, so Main returns and the server shuts down cleanly.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

string? Option(string name)
{
    var index = Array.LastIndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

IEnumerable<string> Options(string name) =>
    args.Select((value, index) => (value, index)).Where(p => p.value == name && p.index + 1 < args.Length).Select(p => args[p.index + 1]);

static IEnumerable<string> Files(string path) =>
    Directory.Exists(path)
        ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
        : [path];
