using Wasmcloud.Silo.Reminders;

namespace Wasmcloud.Silo.Tests.Reminders;

public sealed class JetStreamReminderTableOptionsTests
{
    private readonly JetStreamReminderTableOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new JetStreamReminderTableOptions()).Succeeded);
    }

    [Fact]
    public void Each_bad_setting_is_named_and_a_url_with_credentials_is_not_repeated()
    {
        var result = _validator.Validate(null, new JetStreamReminderTableOptions
        {
            Bucket = "reminders.v1",
            Replicas = 0,
            Url = "nats://127.0.0.1:4222, http://user:s3cret@example.com",
            OperationTimeout = TimeSpan.Zero,
            MaxRangeShards = 0,
        });

        Assert.False(result.Succeeded);
        var message = string.Join("\n", result.Failures!);
        Assert.Contains("Reminders:JetStream:Bucket 'reminders.v1'", message);
        Assert.Contains("Reminders:JetStream:Replicas", message);
        Assert.Contains("Reminders:JetStream:Url entry 2", message);
        Assert.Contains("Reminders:JetStream:OperationTimeout", message);
        Assert.Contains("Reminders:JetStream:MaxRangeShards", message);
        Assert.DoesNotContain("s3cret", message);
    }
}
