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
            linker.DefineInterface($"{Package}/store@{version}", i => DefineStore(i, label: null));
            linker.DefineInterface($"{Package}/reveal@{version}", i => i.Function("reveal", Reveal));
        }
    }

    /// <summary>
    /// The instance a component imports under <paramref name="label"/>, the name of a <c>hostInterfaces</c> entry
    /// (<c>import db: wasmcloud:secrets/store@2.1.0;</c>): <c>get</c> looks up that entry's values. <c>reveal</c> is
    /// defined too, since a plain label does not say which interface it is; a handle carries the entry it came from.
    /// </summary>
    public static void DefineNamed(HostLinker linker, string label) =>
        linker.DefineInterface(label, i =>
        {
            DefineStore(i, label);
            i.Function("reveal", Reveal);
        });

    private static void DefineStore(HostLinker.InterfaceDefinition i, string? label)
    {
        i.Resource("secret", PluginResourceTypes.Secret);
        i.Function("get", (ref HostCall call) => Get(ref call, label));
    }

    private static void Get(ref HostCall call, string? label)
    {
        var key = Vals.ReadString(call.Arg(0));
        ComponentVal payload = default;
        var plugins = call.Store.Plugins;
        if ((label is null ? plugins?.Secrets : plugins?.NamedSecrets.GetValueOrDefault(label)) is not { } binding)
        {
            ComponentVal message = default;
            Vals.WriteString(&message, label is null
                ? "this workload declares no wasmcloud:secrets host interface"
                : $"this workload declares no wasmcloud:secrets host interface named '{label}'");
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

        call.WriteOwn(&payload, PluginResourceTypes.Secret, new SecretHandle(key, binding));
        Vals.WriteOk(call.Result(), &payload);
    }

    private static void Reveal(ref HostCall call)
    {
        var secret = call.Borrow<SecretHandle>(0);

        // A handle only comes from get, through the binding that had the key.
        var value = secret.Binding.Reveal(secret);
        ComponentVal text = default;
        Vals.WriteString(&text, value);
        Vals.WriteVariant(call.Result(), "string"u8, &text);
    }
}
