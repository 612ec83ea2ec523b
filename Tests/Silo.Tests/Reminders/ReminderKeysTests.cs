using Wasmcloud.Silo.Reminders;

namespace Wasmcloud.Silo.Tests.Reminders;

public sealed class ReminderKeysTests
{
    [Theory]
    [InlineData("plain-name_1/2", "plain-name_1/2")]
    [InlineData("a.b", "a=2Eb")]
    [InlineData("a=2Eb", "a=3D2Eb")]
    [InlineData("*>", "=2A=3E")]
    [InlineData("é", "=C3=A9")]
    [InlineData("", "=")]
    public void Tokens_escape_everything_nats_keys_forbid_and_stay_distinct(string value, string escaped)
    {
        Assert.Equal(escaped, ReminderKeys.Escape(value));
    }

    [Fact]
    public void A_key_is_service_shard_hash_grain_reminder_with_only_nats_key_characters()
    {
        var grain = GrainId.Create("workload", "apps/web.1 x");
        var hash = grain.GetUniformHashCode();

        var key = ReminderKeys.Key("svc.1", grain, "reconcile now");

        Assert.Equal($"svc=2E1.{hash >> 24:x2}.{hash:x8}.workload/apps/web=2E1=20x.reconcile=20now", key);
        Assert.Matches("^[-/_=.A-Za-z0-9]+$", key);
    }

    [Theory]
    [InlineData(0u, 0u, 0, 255)]
    [InlineData(5u, 5u, 0, 255)]
    [InlineData(0u, uint.MaxValue, 0, 255)]
    [InlineData(0x00FF_FFFFu, 0x0100_0000u, 1, 1)]
    [InlineData(0x0100_0000u, 0x02FF_FFFFu, 1, 2)]
    public void Contiguous_ranges_cover_the_shards_between_their_ends(uint begin, uint end, int first, int last)
    {
        Assert.Equal(Enumerable.Range(first, last - first + 1), ReminderKeys.ShardsOf(begin, end));
    }

    [Fact]
    public void A_wrapping_range_covers_the_top_and_the_bottom_of_the_ring()
    {
        Assert.Equal([0, 1, 254, 255], ReminderKeys.ShardsOf(0xFE00_0000u, 0x0100_0000u));
        Assert.Equal([0], ReminderKeys.ShardsOf(uint.MaxValue, 0));
    }
}
