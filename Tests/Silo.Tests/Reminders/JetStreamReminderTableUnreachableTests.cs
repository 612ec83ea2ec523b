using System.Net;
using System.Net.Sockets;

namespace Wasmcloud.Silo.Tests.Reminders;

public sealed class JetStreamReminderTableUnreachableTests
{
    [Fact]
    public async Task A_table_whose_nats_does_not_answer_fails_with_a_timeout_naming_the_bucket()
    {
        // A port nothing listens on: the connection keeps retrying until the call's deadline.
        await using var table = ReminderTables.Create($"nats://127.0.0.1:{UnusedPort()}", ReminderTables.NewServiceId(), o => o.OperationTimeout = TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => table.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"bucket '{ReminderTables.Bucket}'", error.Message);
        await Assert.ThrowsAsync<TimeoutException>(() => table.ReadRows(0, 0, TestContext.Current.CancellationToken));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
