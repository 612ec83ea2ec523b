using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Wasmcloud.Silo.Reminders;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Reminders;

public sealed class JetStreamReminderTableUnreachableTests
{
    [Fact]
    public async Task A_table_whose_nats_does_not_answer_fails_with_a_timeout_naming_the_bucket()
    {
        // A port nothing listens on: the connection keeps retrying until the call's deadline.
        await using var table = ReminderTables.Create($"nats://127.0.0.1:{UnusedPort()}", ReminderTables.NewServiceId(), o => o.OperationTimeout = TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => table.ReadRows(0, 0, TestContext.Current.CancellationToken));

        Assert.Contains($"bucket '{ReminderTables.Bucket}'", error.Message);
        await Assert.ThrowsAsync<TimeoutException>(() => table.UpsertRow(ReminderTables.Reminder(ReminderTables.NewGrainId(), "r"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Starting_waits_for_nats_until_the_silo_gives_up()
    {
        await using var table = ReminderTables.Create($"nats://127.0.0.1:{UnusedPort()}", ReminderTables.NewServiceId(), o => o.OperationTimeout = TimeSpan.FromMilliseconds(50));
        using var initializationTimeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var starting = table.StartAsync(initializationTimeout.Token);

        // A call begun after it has timed out, so start has waited longer than an operation may; it still waits:
        // only the silo's own deadline ends it.
        await Assert.ThrowsAsync<TimeoutException>(() => table.ReadRows(0, 0, TestContext.Current.CancellationToken));
        Assert.False(starting.IsCompleted);
        await initializationTimeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting);
    }

    [Fact]
    public async Task A_nats_without_jetstream_gives_an_error_naming_the_bucket_that_orleans_can_carry_to_another_silo()
    {
        await using var nats = new NatsServerFixture { JetStream = false };
        await nats.StartAsync(TestContext.Current.CancellationToken);
        await using var table = ReminderTables.Create(nats.ClientUrl, ReminderTables.NewServiceId(), o => o.OperationTimeout = TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<ReminderTableException>(() => table.UpsertRow(ReminderTables.Reminder(ReminderTables.NewGrainId(), "r"), TestContext.Current.CancellationToken));

        Assert.Contains($"bucket '{ReminderTables.Bucket}'", error.Message);
        Assert.Contains("JetStream", error.Message);

        // The silo owning the grain's ring range answers another silo's registration: the error must survive that trip.
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var carried = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(error));
        Assert.IsType<ReminderTableException>(carried);
        Assert.Equal(error.Message, carried.Message);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
