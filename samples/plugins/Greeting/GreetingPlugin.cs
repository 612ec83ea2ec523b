using Wasmcloud.HostRuntime.Plugins.Contract;

namespace Wasmcloud.Samples.Plugins.Greeting;

/// <summary>
/// <c>wasmcloud:example/greeting@0.1.0</c>: <c>greet: func(name: string) -> string</c> answers
/// "&lt;greeting&gt;, &lt;name&gt;!", where the greeting is the <c>greeting</c> key of the workload's
/// <c>wasmcloud:example</c> host interface entry, else of the plugin's host-wide config (default "Hello").
/// </summary>
public sealed class GreetingPlugin : IHostPlugin
{
    public const string Interface = "wasmcloud:example/greeting@0.1.0";

    public string Id => "wasmcloud-example-greeting";

    public IReadOnlyList<string> Interfaces { get; } = [Interface];

    public void Define(IPluginLinker linker) =>
        linker.DefineInterface(Interface, i => i.Function("greet", Greet));

    public object? Bind(PluginBinding binding)
    {
        // The workload's entry wins; the host's own setting (--user-config host.hostPlugins[]) is the default.
        var greeting = binding.Config.GetValueOrDefault("greeting") ?? binding.HostConfig.GetValueOrDefault("greeting", "Hello");
        if (greeting.Length is 0 or > 64)
        {
            throw new PluginBindException("config key 'greeting' must be 1 to 64 characters");
        }

        return new GreetingSettings(greeting);
    }

    private static void Greet(PluginCall call)
    {
        var settings = call.State<GreetingSettings>() ?? new GreetingSettings("Hello");
        call.ReturnString($"{settings.Greeting}, {call.String(0)}!");
    }
}
