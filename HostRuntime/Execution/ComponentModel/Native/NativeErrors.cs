using System.Text;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

/// <summary>Turning <c>wasmtime_error_t*</c> into messages and back.</summary>
internal static unsafe class NativeErrors
{
    /// <summary>The error's message; deletes the error, which we own once Wasmtime has returned it.</summary>
    public static string TakeMessage(IntPtr error)
    {
        ByteVec message = default;
        WasmtimeNative.ErrorMessage(error, &message);
        try
        {
            return Encoding.UTF8.GetString(message.AsSpan());
        }
        finally
        {
            WasmtimeNative.ByteVecDelete(&message);
            WasmtimeNative.ErrorDelete(error);
        }
    }

    /// <summary>A new error for Wasmtime to own: returned from a callback, it becomes a trap with this message.</summary>
    public static IntPtr Create(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.Replace('\0', ' ') + "\0");
        fixed (byte* text = bytes)
        {
            return WasmtimeNative.ErrorNew(text);
        }
    }

    /// <exception cref="ComponentModelException">When <paramref name="error"/> is not NULL; the error is deleted.</exception>
    public static void ThrowIfError(IntPtr error, string doing)
    {
        if (error != IntPtr.Zero)
        {
            throw new ComponentModelException($"{doing}: {TakeMessage(error)}");
        }
    }
}
