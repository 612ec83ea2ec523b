namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>A failure the guest sees as a <c>wasi:blobstore</c> <c>error</c> string, never as a trap.</summary>
internal sealed class BlobstoreException(string message, Exception? inner = null) : Exception(message, inner);
