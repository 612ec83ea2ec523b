using NATS.Client.JetStream;
using NATS.Client.ObjectStore;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// The object behind a guest's <c>wasi:blobstore/container.container</c> handle: an object store bucket and its stream,
/// and the binding (the <c>hostInterfaces</c> entry) it was opened through, which serves every call on it.
/// </summary>
internal sealed record BlobContainer(string Name, INatsObjStore Store, INatsJSStream Stream, BlobstoreBinding Binding)
{
    /// <summary>The stream serves direct gets (object stores made by current clients do); chunks are read that way.</summary>
    public bool AllowDirect => Stream.Info.Config.AllowDirect;

    public DateTimeOffset CreatedAt => Stream.Info.Created;

    public string ChunkSubject(string nuid) => $"$O.{Name}.C.{nuid}";

    public string MetaSubjects => $"$O.{Name}.M.>";
}
