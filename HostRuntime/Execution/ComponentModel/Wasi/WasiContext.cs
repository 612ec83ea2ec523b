using Wasmcloud.HostRuntime.Execution.Internal;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// What the C# WASI interfaces need from the store they run in: the environment (<c>localResources.environment</c>),
/// where stdout and stderr go (the host's log, a line at a time), the <c>wasi:config</c> view and the
/// <c>wasi:logging</c> sink. Set as <see cref="ComponentStore.Host"/>;
/// request handlers derive from it.
/// </summary>
internal class WasiContext : IDisposable
{
    private readonly GuestOutputLines _stdout;
    private readonly GuestOutputLines _stderr;

    public WasiContext(IReadOnlyList<KeyValuePair<string, string>> environment, Action<string> stdoutLine, Action<string> stderrLine)
    {
        Environment = environment;
        _stdout = new GuestOutputLines(stdoutLine);
        _stderr = new GuestOutputLines(stderrLine);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; }

    /// <summary>The component's <c>wasi:config/store</c> view.</summary>
    public ComponentConfig Config { get; init; } = ComponentConfig.Empty;

    /// <summary>Where <c>wasi:logging</c> lines go; null drops them.</summary>
    public GuestLog? Log { get; init; }

    public OutputStream NewStdout() => new LogOutputStream(_stdout);

    public OutputStream NewStderr() => new LogOutputStream(_stderr);

    /// <summary>Emits the last partial lines of stdout and stderr.</summary>
    public virtual void Dispose()
    {
        _stdout.Flush();
        _stderr.Flush();
    }
}
