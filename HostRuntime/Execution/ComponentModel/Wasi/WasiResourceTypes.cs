namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// The host resource type ids of the WASI interfaces implemented in C#: one per WIT resource. Wasmtime carries the id
/// with every handle; <see cref="ResourceTable"/> checks it.
/// </summary>
internal static class WasiResourceTypes
{
    public const uint IoError = 1;
    public const uint Pollable = 2;
    public const uint InputStream = 3;
    public const uint OutputStream = 4;
    public const uint TerminalInput = 5;
    public const uint TerminalOutput = 6;
    public const uint Descriptor = 7;
    public const uint DirectoryEntryStream = 8;

    public const uint Fields = 20;
    public const uint IncomingRequest = 21;
    public const uint OutgoingRequest = 22;
    public const uint RequestOptions = 23;
    public const uint ResponseOutparam = 24;
    public const uint IncomingResponse = 25;
    public const uint IncomingBody = 26;
    public const uint FutureTrailers = 27;
    public const uint OutgoingResponse = 28;
    public const uint OutgoingBody = 29;
    public const uint FutureIncomingResponse = 30;
}
