namespace Wasmcloud.Silo.Tests.Nats;

[CollectionDefinition(Name)]
public sealed class SiloNatsCollection : ICollectionFixture<SiloNatsFixture>
{
    public const string Name = "silo-nats";
}
