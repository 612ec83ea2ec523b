// The host process; [P2] gives it the NATS control protocol, Wasmtime execution and HTTP ingress.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
await app.RunAsync();
