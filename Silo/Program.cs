using Wasmcloud.Silo.Hosting;

var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(args));
if (!builder.Configuration.IsStandalone())
{
    // TODO(lead): Kubernetes mode registers its API and NATS adapters here once they exist.
    await Console.Error.WriteLineAsync("Kubernetes mode is not available yet; start with --standalone [--manifests <folder>].");
    return 2;
}

builder.AddWasmcloudSilo();
var app = builder.Build();
app.MapWasmcloudEndpoints();
await app.RunAsync();
return 0;
