using Wasmcloud.Silo.Dashboard;
using Wasmcloud.Silo.Hosting;

// Standalone with --standalone; otherwise Kubernetes mode, against --kubeconfig, KUBECONFIG or the in-cluster API.
var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(args));
builder.AddWasmcloudSilo();
var app = builder.Build();
app.MapWasmcloudServiceDefaults();
app.MapWasmcloudDashboard();
app.MapWasmcloudEndpoints();
await app.RunAsync();
return 0;
