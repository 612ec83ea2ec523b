namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>How a WASI command run ended.</summary>
internal abstract record WasiCommandOutcome
{
    /// <summary><c>_start</c> returned (code 0) or the guest called <c>proc_exit</c>.</summary>
    public sealed record Exited(int Code) : WasiCommandOutcome;

    /// <summary>A trap, a failed instantiation or any other Wasmtime error; the message is one line.</summary>
    public sealed record Trapped(string Message) : WasiCommandOutcome;

    /// <summary>Interrupted at the deadline.</summary>
    public sealed record TimedOut : WasiCommandOutcome;

    /// <summary>Interrupted because the caller cancelled.</summary>
    public sealed record Cancelled : WasiCommandOutcome;
}
