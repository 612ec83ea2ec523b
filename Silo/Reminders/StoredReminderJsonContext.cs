using System.Text.Json.Serialization;

namespace Wasmcloud.Silo.Reminders;

[JsonSerializable(typeof(StoredReminder))]
internal sealed partial class StoredReminderJsonContext : JsonSerializerContext;
