using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// <c>wasi:config/store@0.2.0-rc.1</c>, which wasmCloud hosts serve (reference §5.4), and the two draft names current
/// toolchains still emit (<c>store@0.2.0-draft</c>, and <c>runtime@0.2.0-draft</c> from before the rename). All three
/// have the same <c>get</c> and <c>get-all</c>; the values are the store's <see cref="WasiContext.Config"/>.
/// </summary>
/// <remarks>
/// Pre-release versions are never matched by semver in Wasmtime's linker, so each name is defined as it is spelled.
/// The view is in memory and complete, so no call ever answers the <c>error</c> case.
/// </remarks>
internal static unsafe class WasiConfigInterfaces
{
    public static readonly IReadOnlyList<string> Names =
    [
        "wasi:config/store@0.2.0-rc.1",
        "wasi:config/store@0.2.0-draft",
        "wasi:config/runtime@0.2.0-draft",
    ];

    public static void Define(HostLinker linker)
    {
        foreach (var name in Names)
        {
            linker.DefineInterface(name, i =>
            {
                i.Function("get", Get);
                i.Function("get-all", GetAll);
            });
        }
    }

    private static ComponentConfig ConfigOf(ref HostCall call) => (call.Store.Host as WasiContext)?.Config ?? ComponentConfig.Empty;

    /// <summary><c>get: func(key: string) -> result&lt;option&lt;string&gt;, error&gt;</c>.</summary>
    private static void Get(ref HostCall call)
    {
        var key = Vals.ReadString(call.Arg(0));
        ComponentVal found;
        if (ConfigOf(ref call).TryGet(key, out var value))
        {
            ComponentVal text;
            Vals.WriteString(&text, value);
            Vals.WriteSome(&found, &text);
        }
        else
        {
            Vals.WriteNone(&found);
        }

        Vals.WriteOk(call.Result(), &found);
    }

    /// <summary><c>get-all: func() -> result&lt;list&lt;tuple&lt;string, string&gt;&gt;, error&gt;</c>.</summary>
    private static void GetAll(ref HostCall call)
    {
        var entries = ConfigOf(ref call).Entries;
        ComponentVal list;
        var elements = Vals.WriteList(&list, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var pair = Vals.WriteTuple(elements + i, 2);
            Vals.WriteString(&pair[0], entries[i].Key);
            Vals.WriteString(&pair[1], entries[i].Value);
        }

        Vals.WriteOk(call.Result(), &list);
    }
}
