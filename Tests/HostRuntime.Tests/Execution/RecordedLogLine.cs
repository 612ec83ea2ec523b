using Microsoft.Extensions.Logging;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>One line the host logged: its level, event ID, the formatted text and the structured fields by name (any case).</summary>
public sealed record RecordedLogLine(string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, string?> Fields);
