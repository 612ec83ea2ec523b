using Wasmtime;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>Wasmtime's errors carry backtraces and hints; operators and HTTP clients need the cause on one line.</summary>
internal static class WasmErrors
{
    private const string CausedBy = "Caused by:";

    /// <summary>
    /// The innermost cause of a Wasmtime error (<c>wasm trap: wasm `unreachable` instruction executed</c>), or the
    /// first line of any other exception's message.
    /// </summary>
    public static string Summarize(Exception exception)
    {
        var message = exception.Message;
        var cause = message.LastIndexOf(CausedBy, StringComparison.Ordinal);
        var text = cause >= 0 ? message[(cause + CausedBy.Length)..] : message;
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return exception.GetType().Name;
        }

        // Within a cause section, Wasmtime continues long causes on indented lines (e.g. the bytes of a bad header).
        return cause >= 0 ? string.Join(' ', lines) : lines[0];
    }

    /// <summary>True when the guest called <c>proc_exit</c>; <paramref name="code"/> is its status.</summary>
    public static bool IsExit(Exception exception, out int code)
    {
        if (exception is WasmtimeException { ExitCode: { } exit })
        {
            code = exit;
            return true;
        }

        code = 0;
        return false;
    }
}
