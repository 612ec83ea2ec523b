using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>One nats-server with JetStream for the reminder-table tests; each test uses a service id of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ReminderNatsCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "reminders-nats";
}
