using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>
/// A host started with <c>--enable-meters --fuel-per-request</c> <see cref="FuelPerRequest"/> and a request deadline of
/// minutes, so runaway guest code is stopped by its fuel budget long before the epoch deadline.
/// </summary>
public sealed class FuelHostFixture : WasmHostFixture
{
    /// <summary>About a tenth of a second of a tight loop; hello burns a few thousand.</summary>
    public const long FuelPerRequest = 100_000_000;

    public static readonly TimeSpan LongRequestTimeout = TimeSpan.FromMinutes(5);

    protected override TimeSpan HostRequestTimeout => LongRequestTimeout;

    protected override HostRuntimeOptions Configure(HostRuntimeOptions options) =>
        options with { EnableMeters = true, FuelPerRequest = FuelPerRequest };
}
