using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Plugins.Secrets;

/// <summary>
/// <c>wasmcloud:secrets/{store,reveal}</c> in C#, at <c>2.1.0</c> (what a stock v2 host provides, reference §5.4)
/// and at <c>0.1.0-draft</c> (the wasmCloud v1 interface, still imported by existing components): the two versions
/// have the same shapes. <c>get(key)</c> hands out an opaque <c>secret</c> handle (or <c>not-found</c>);
/// <c>reveal</c> turns it into the string value.
/// </summary>
internal static unsafe class SecretsInterfaces
{
    public const string Package = "wasmcloud:secrets";

    public static readonly IReadOnlyList<string> Versions = ["2.1.0", "0.1.0-draft"];

    public static void Define(HostLinker linker)
    {
        foreach (var version in Versions)
        {
            linker.DefineInterface($"{Package}/store@{version}", i =>
            {
                i.Resource("secret", PluginResourceTypes.Secret);
                i.Function("get", Get);
            });
            linker.DefineInterface($"{Package}/reveal@{version}", i => i.Function("reveal", Reveal));
        }
    }

    private static void Get(ref HostCall call)
    {
        var key = Vals.ReadString(call.Arg(0));
        ComponentVal payload = default;
        if (call.Store.Plugins?.Secrets is not { } binding)
        {
            ComponentVal message = default;
            Vals.WriteString(&message, "this workload declares no wasmcloud:secrets host interface");
            Vals.WriteVariant(&payload, "upstream"u8, &message);
            Vals.WriteErr(call.Result(), &payload);
            return;
        }

        if (!binding.Contains(key))
        {
            Vals.WriteVariant(&payload, "not-found"u8);
            Vals.WriteErr(call.Result(), &payload);
            return;
        }

        call.WriteOwn(&payload, PluginResourceTypes.Secret, new SecretHandle(key));
        Vals.WriteOk(call.Result(), &payload);
    }

    private static void Reveal(ref HostCall call)
    {
        var secret = call.Borrow<SecretHandle>(0);

        // A handle only comes from get on this store, whose binding had the key.
        var value = call.Store.Plugins!.Secrets!.Reveal(secret);
        ComponentVal text = default;
        Vals.WriteString(&text, value);
        Vals.WriteVariant(call.Result(), "string"u8, &text);
    }
}
