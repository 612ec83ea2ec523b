// Usage: Wasmcloud.Bench.KestrelHello <ip:port>. Answers every GET / with the hello components' text, through the same
// Kestrel and minimal-API stack HostRuntime is built on, with logging at Warning as in the HostRuntime run.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPEndPoint.Parse(args.Length > 0 ? args[0] : "127.0.0.1:8090")));
var app = builder.Build();
app.MapGet("/", () => Results.Text("Hello from wasmCloud on Orleans\n", "text/plain; charset=utf-8"));
await app.RunAsync();
