using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.Silo.Nats;

namespace Wasmcloud.Silo.Reminders;

public static class SiloBuilderJetStreamReminderExtensions
{
    public const string StoreKey = "Reminders:Store";

    /// <summary>
    /// Reminders in a NATS JetStream KV bucket (<see cref="JetStreamReminderTable"/>). Options come from
    /// <paramref name="configure"/> (and whatever else configures <see cref="JetStreamReminderTableOptions"/>); the
    /// NATS URL defaults to the silo's <see cref="NatsConnectivityOptions.Url"/>.
    /// </summary>
    public static ISiloBuilder UseJetStreamReminders(this ISiloBuilder builder, Action<JetStreamReminderTableOptions>? configure = null)
    {
        builder.AddReminders();
        var services = builder.Services;
        var options = services.AddOptions<JetStreamReminderTableOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JetStreamReminderTableOptions>, JetStreamReminderTableOptionsValidator>());
        services.TryAddSingleton<JetStreamReminderTable>();
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<JetStreamReminderTable>());
        return builder;
    }

    /// <summary>
    /// The reminder table this silo's mode calls for: <c>Reminders:Store</c> when set; otherwise JetStream in
    /// Kubernetes mode with NATS enabled (several silos, any of which may die), and memory in standalone mode (one
    /// silo whose objects are in memory too, so durable reminders would outlive nothing they refer to).
    /// </summary>
    public static ISiloBuilder UseWasmcloudReminders(this ISiloBuilder builder, IConfiguration configuration, bool standalone, bool natsEnabled)
    {
        var store = SelectStore(configuration, standalone, natsEnabled);
        if (store == ReminderStore.Memory)
        {
            return builder.UseInMemoryReminderService();
        }

        builder.Services.AddOptions<NatsConnectivityOptions>().Bind(configuration.GetSection(NatsConnectivityOptions.SectionName));
        builder.Services.AddOptions<JetStreamReminderTableOptions>().Bind(configuration.GetSection(JetStreamReminderTableOptions.SectionName));
        return builder.UseJetStreamReminders();
    }

    /// <summary>See <see cref="UseWasmcloudReminders"/>; throws a clear error for a value that is not a store.</summary>
    public static ReminderStore SelectStore(IConfiguration configuration, bool standalone, bool natsEnabled)
    {
        var configured = configuration[StoreKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return !standalone && natsEnabled ? ReminderStore.JetStream : ReminderStore.Memory;
        }

        if (!Enum.TryParse<ReminderStore>(configured, ignoreCase: true, out var store) || !Enum.IsDefined(store))
        {
            throw new OptionsValidationException(StoreKey, typeof(ReminderStore), [$"{StoreKey} '{configured}' is not one of: {string.Join(", ", Enum.GetNames<ReminderStore>())}."]);
        }

        return store;
    }
}
