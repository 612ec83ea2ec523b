using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Wasmcloud.Silo.Reminders;

namespace Wasmcloud.Silo.Tests.Reminders;

public sealed class ReminderStoreSelectionTests
{
    [Theory]
    [InlineData(false, true, null, ReminderStore.JetStream)]
    [InlineData(false, false, null, ReminderStore.Memory)]
    [InlineData(true, true, null, ReminderStore.Memory)]
    [InlineData(true, true, "jetstream", ReminderStore.JetStream)]
    [InlineData(false, true, "Memory", ReminderStore.Memory)]
    public void Kubernetes_mode_keeps_reminders_in_jetstream_and_standalone_in_memory_unless_configured(bool standalone, bool natsEnabled, string? configured, ReminderStore expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(SiloBuilderJetStreamReminderExtensions.StoreKey, configured)]).Build();

        Assert.Equal(expected, SiloBuilderJetStreamReminderExtensions.SelectStore(configuration, standalone, natsEnabled));
    }

    [Fact]
    public void An_unknown_store_is_a_clear_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(SiloBuilderJetStreamReminderExtensions.StoreKey, "redis")]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => SiloBuilderJetStreamReminderExtensions.SelectStore(configuration, standalone: false, natsEnabled: true));
        Assert.Contains("'redis' is not one of: Memory, JetStream", error.Message);
    }
}
