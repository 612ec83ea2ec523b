using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// The shape the keyvalue and blobstore host functions share: wait for a NATS operation on the guest's thread, within
/// the store's deadline, then write its value, or the interface's error value when it failed the expected way
/// (the interface's exception type). Any other exception traps the guest, as it should for a bug.
/// </summary>
internal static unsafe class PluginCalls
{
    public delegate void WriteValue<in T>(ComponentVal* result, T value);

    public static void Run<T, TError>(ref HostCall call, Func<Task<T>> operation, WriteValue<T> write, WriteValue<TError> writeError)
        where TError : Exception
    {
        try
        {
            // The store's interrupt cancels the wait; the NATS operation itself then finishes or fails on its own.
            var value = Blocking.Wait(operation(), call.Store.Interrupt);
            write(call.Result(), value);
        }
        catch (TError e)
        {
            writeError(call.Result(), e);
        }
    }
}
