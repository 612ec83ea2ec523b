using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>
/// A logger provider that keeps every line the host logs, with its level and structured fields, so tests can see
/// what an operator would find in the host's log.
/// </summary>
public sealed class RecordedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLogLine> _lines = new();

    public IReadOnlyCollection<RecordedLogLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value?.ToString(), StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            owner._lines.Enqueue(new RecordedLogLine(category, logLevel, eventId.Id, formatter(state, exception), fields));
        }
    }
}
