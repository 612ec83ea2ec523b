namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// Large-object tests measure the process's memory, so nothing else may run beside them; they get their own host and
/// nats-servers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BlobstoreLargeObjectCollection : ICollectionFixture<PluginHostFixture>
{
    public const string Name = "blobstore-large-object";
}
