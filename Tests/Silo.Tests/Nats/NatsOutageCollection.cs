using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Nats;

/// <summary>Owns a nats-server of its own, because its tests stop and restart it.</summary>
[CollectionDefinition(Name)]
public sealed class NatsOutageCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "nats-outage";
}
