using System.Text.Json.Serialization;

namespace Wasmcloud.Silo.Reminders;

/// <summary>
/// One reminder's value in the KV bucket. The key already names grain and reminder, but escaped; the value keeps
/// them verbatim so a row reads back without decoding keys. Times are UTC ticks: exact and culture-free.
/// </summary>
internal sealed record StoredReminder(
    [property: JsonPropertyName("grain")] string GrainId,
    [property: JsonPropertyName("name")] string ReminderName,
    [property: JsonPropertyName("startAtUtcTicks")] long StartAtUtcTicks,
    [property: JsonPropertyName("periodTicks")] long PeriodTicks);
