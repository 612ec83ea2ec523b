using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Reminders;

public sealed partial class JetStreamReminderTableOptionsValidator : IValidateOptions<JetStreamReminderTableOptions>
{
    private static readonly string[] Schemes = ["nats", "tls", "ws", "wss"];

    public ValidateOptionsResult Validate(string? name, JetStreamReminderTableOptions options)
    {
        const string section = JetStreamReminderTableOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Bucket) || !BucketName().IsMatch(options.Bucket))
        {
            failures.Add($"{section}:{nameof(options.Bucket)} '{options.Bucket}' is not a JetStream bucket name (letters, digits, '-' and '_').");
        }

        if (options.Replicas is < 1 or > 5)
        {
            failures.Add($"{section}:{nameof(options.Replicas)} must be between 1 and 5.");
        }

        if (options.Url is not null)
        {
            var urls = options.Url.Split(',', StringSplitOptions.TrimEntries);
            for (var i = 0; i < urls.Length; i++)
            {
                // The URL itself is not repeated: it may carry credentials.
                if (!Uri.TryCreate(urls[i], UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme))
                {
                    failures.Add($"{section}:{nameof(options.Url)} entry {i + 1} is not a nats://, tls://, ws:// or wss:// URL.");
                }
            }
        }

        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(options.OperationTimeout)} must be positive.");
        }

        if (options.MaxRangeShards is < 1 or > ReminderKeys.ShardCount)
        {
            failures.Add($"{section}:{nameof(options.MaxRangeShards)} must be between 1 and {ReminderKeys.ShardCount}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex BucketName();
}
