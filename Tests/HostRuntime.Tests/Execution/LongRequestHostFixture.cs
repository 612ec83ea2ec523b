namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>A <see cref="WasmHostFixture"/> whose request deadline leaves room for bodies of hundreds of MiB.</summary>
public sealed class LongRequestHostFixture : WasmHostFixture
{
    public static readonly TimeSpan LongRequestTimeout = TimeSpan.FromMinutes(5);

    protected override TimeSpan HostRequestTimeout => LongRequestTimeout;
}
