using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>
/// One guest call into a <see cref="PluginFunction"/>: its arguments by position and its single result. The stable
/// surface covers the WIT kinds <c>string</c>, <c>bool</c>, <c>u32</c>, <c>u64</c>, <c>list&lt;u8&gt;</c> and
/// <c>result&lt;string, string&gt;</c> / <c>result&lt;_, string&gt;</c>; reading or writing a kind the function's WIT
/// type does not have throws (and traps the guest). Valid only while the function runs.
/// </summary>
public readonly unsafe ref struct PluginCall
{
    private readonly HostCall _call;
    private readonly string _pluginId;

    internal PluginCall(HostCall call, string pluginId)
    {
        _call = call;
        _pluginId = pluginId;
    }

    public int ArgumentCount => _call.ArgCount;

    /// <summary>What <see cref="IHostPlugin.Bind"/> returned for the calling component; null when it returned null or is another type.</summary>
    public T? State<T>()
        where T : class =>
        _call.Store.Plugins?.Extensions is { } states && states.TryGetValue(_pluginId, out var state) ? state as T : null;

    public string String(int index) => Vals.ReadString(_call.Arg(index));

    public bool Bool(int index) => Vals.ReadBool(_call.Arg(index));

    public uint U32(int index) => Vals.ReadU32(_call.Arg(index));

    public ulong U64(int index) => Vals.ReadU64(_call.Arg(index));

    public byte[] Bytes(int index) => Vals.ReadBytes(_call.Arg(index));

    public void ReturnString(string value) => Vals.WriteString(_call.Result(), value);

    public void ReturnBool(bool value) => Vals.WriteBool(_call.Result(), value);

    public void ReturnU32(uint value) => Vals.WriteU32(_call.Result(), value);

    public void ReturnU64(ulong value) => Vals.WriteU64(_call.Result(), value);

    public void ReturnBytes(ReadOnlySpan<byte> value) => Vals.WriteBytes(_call.Result(), value);

    /// <summary><c>ok(value)</c> of a <c>result&lt;string, E&gt;</c>.</summary>
    public void ReturnOk(string value)
    {
        ComponentVal payload = default;
        Vals.WriteString(&payload, value);
        Vals.WriteOk(_call.Result(), &payload);
    }

    /// <summary><c>ok</c> of a <c>result&lt;_, E&gt;</c>.</summary>
    public void ReturnOk() => Vals.WriteOk(_call.Result());

    /// <summary><c>err(message)</c> of a <c>result&lt;T, string&gt;</c>.</summary>
    public void ReturnError(string message)
    {
        ComponentVal payload = default;
        Vals.WriteString(&payload, message);
        Vals.WriteErr(_call.Result(), &payload);
    }
}
