using NATS.Client.JetStream;
using NATS.Client.ObjectStore;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>The object behind a guest's <c>wasi:blobstore/container.container</c> handle: an object store bucket and its stream.</summary>
internal sealed record BlobContainer(string Name, INatsObjStore Store, INatsJSStream Stream)
{
    /// <summary>The stream serves direct gets (object stores made by current clients do); chunks are read that way.</summary>
    public bool AllowDirect => Stream.Info.Config.AllowDirect;

    public DateTimeOffset CreatedAt => Stream.Info.Created;

    public string ChunkSubject(string nuid) => $"$O.{Name}.C.{nuid}";

    public string MetaSubjects => $"$O.{Name}.M.>";
}
