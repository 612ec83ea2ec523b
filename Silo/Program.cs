using Wasmcloud.Silo.Dashboard;
using Wasmcloud.Silo.Gateway;
using Wasmcloud.Silo.Hosting;

// Standalone with --standalone; the deprecated gateway with --gateway; otherwise Kubernetes mode, against
// --kubeconfig, KUBECONFIG or the in-cluster API.
var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(args));
if (builder.Configuration.IsGateway())
{
    builder.AddWasmcloudGateway();
    var gateway = builder.Build();
    gateway.MapWasmcloudGateway();
    await gateway.RunAsync();
    return 0;
}

builder.AddWasmcloudSilo();
var app = builder.Build();
app.MapWasmcloudDashboard();
app.MapWasmcloudEndpoints();
await app.RunAsync();
return 0;
