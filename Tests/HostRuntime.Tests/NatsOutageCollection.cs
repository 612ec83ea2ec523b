using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.HostRuntime.Tests;

/// <summary>Owns a nats-server of its own, because its tests stop and restart it.</summary>
[CollectionDefinition(Name)]
public sealed class NatsOutageCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "host-nats-outage";
}
