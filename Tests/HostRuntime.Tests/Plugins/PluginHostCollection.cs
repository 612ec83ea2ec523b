namespace Wasmcloud.HostRuntime.Tests.Plugins;

[CollectionDefinition(Name)]
public sealed class PluginHostCollection : ICollectionFixture<PluginHostFixture>
{
    public const string Name = "plugin-host";
}
