namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// <c>wasi:logging/logging</c> (<c>log(level, context, message)</c>) at <c>0.1.0-draft</c>, the version wasmCloud
/// components import, and unversioned: lines go to the store's <see cref="WasiContext.Log"/>, which tags them with the
/// workload and component. A store without one drops them.
/// </summary>
internal static class WasiLoggingInterfaces
{
    public static readonly IReadOnlyList<string> Names = ["wasi:logging/logging@0.1.0-draft", "wasi:logging/logging"];

    public static void Define(HostLinker linker)
    {
        foreach (var name in Names)
        {
            linker.DefineInterface(name, i => i.Function("log", Log));
        }
    }

    /// <summary>Never traps on what the guest says: odd levels and huge texts are the sink's to tame.</summary>
    private static unsafe void Log(ref HostCall call)
    {
        if ((call.Store.Host as WasiContext)?.Log is not { } log)
        {
            return;
        }

        var level = call.Arg(0)->Kind == Native.ComponentValKind.Enum ? Vals.ReadEnum(call.Arg(0)) : "";
        log.Write(level, Vals.ReadStringUtf8(call.Arg(1)), Vals.ReadStringUtf8(call.Arg(2)));
    }
}
